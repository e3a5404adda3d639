// Reading a whole data file that may or may not be gzip-compressed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace naskernel::classification {

// The file's bytes, decompressed when it starts with the gzip signature.
// Throws DataError naming the file when it cannot be opened or its gzip
// stream is corrupt or cut short.
std::vector<uint8_t> read_possibly_gzipped(const std::string& path);

// True when the file starts with the gzip signature (offsets reported for
// such files refer to the decompressed stream).
bool is_gzip_file(const std::string& path);

}  // namespace naskernel::classification
