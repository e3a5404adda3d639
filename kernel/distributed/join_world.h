// The start of a multi-process run: read the launcher's environment and, when
// it describes more than one process, join the process group and install it
// as the world (world.h). A single process is left as it is.
#pragma once

#include <string>

namespace naskernel {

// `backend` and `timeout_s` are run.backend and run.timeout_s; `device` is
// run.device. Throws UserError for a malformed environment or an impossible
// backend, DistributedError when the group cannot be formed in time.
void join_launched_world(const std::string& backend, const std::string& device, int timeout_s);

}  // namespace naskernel
