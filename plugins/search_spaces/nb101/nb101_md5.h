// MD5 as lowercase hex, as Python's hashlib.md5(...).hexdigest() writes it.
#pragma once

#include <string>

namespace naskernel::nb101 {

std::string md5_hex(const std::string& bytes);

}  // namespace naskernel::nb101
