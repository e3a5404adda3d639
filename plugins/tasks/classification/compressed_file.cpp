#include "compressed_file.h"

#include <naskernel/errors.h>

#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <memory>

namespace naskernel::classification {

bool is_gzip_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char signature[2] = {0, 0};
  in.read(reinterpret_cast<char*>(signature), 2);
  return in.gcount() == 2 && signature[0] == 0x1f && signature[1] == 0x8b;
}

std::vector<uint8_t> read_possibly_gzipped(const std::string& path) {
  // zlib's gz* functions read plain files transparently, so one path serves both.
  std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), &gzclose);
  if (!file) throw DataError("cannot open data file " + path);
  gzbuffer(file.get(), 1 << 20);

  std::vector<uint8_t> bytes;
  constexpr size_t chunk = 4 << 20;
  for (;;) {
    const size_t old_size = bytes.size();
    bytes.resize(old_size + chunk);
    const int got = gzread(file.get(), bytes.data() + old_size, static_cast<unsigned>(chunk));
    if (got < 0) {
      int code = 0;
      const char* message = gzerror(file.get(), &code);
      throw DataError("data file " + path + " is corrupt: " + (message ? message : "read error") + " after " +
                      std::to_string(old_size) + " decompressed bytes");
    }
    bytes.resize(old_size + static_cast<size_t>(got));
    if (got == 0) break;
  }
  // A gzip stream cut short ends reads quietly; gzerror still reports it.
  int code = Z_OK;
  const char* message = gzerror(file.get(), &code);
  if (code != Z_OK && code != Z_STREAM_END)
    throw DataError("data file " + path + " is corrupt or truncated: " + (message ? message : "gzip error") +
                    " after " + std::to_string(bytes.size()) + " decompressed bytes");
  return bytes;
}

}  // namespace naskernel::classification
