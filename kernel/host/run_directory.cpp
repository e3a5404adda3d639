#include "kernel/host/run_directory.h"

#include <naskernel/errors.h>

#include <ctime>

namespace naskernel {
namespace fs = std::filesystem;

fs::path create_run_directory(const fs::path& out_dir, const std::string& name) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) throw UserError("cannot create output folder `" + out_dir.string() + "`: " + ec.message());

  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
  const std::string base = name + "-" + stamp;

  // create_directory is atomic, so two runs started in the same second
  // never share a folder.
  for (int attempt = 1; attempt < 10000; ++attempt) {
    const fs::path candidate = out_dir / (attempt == 1 ? base : base + "-" + std::to_string(attempt));
    if (fs::create_directory(candidate, ec)) {
      fs::create_directory(candidate / "checkpoints", ec);
      if (ec) throw UserError("cannot create `" + (candidate / "checkpoints").string() + "`: " + ec.message());
      return candidate;
    }
    if (ec) throw UserError("cannot create run folder `" + candidate.string() + "`: " + ec.message());
  }
  throw UserError("cannot find a free run folder name for `" + base + "` in `" + out_dir.string() + "`");
}

}  // namespace naskernel
