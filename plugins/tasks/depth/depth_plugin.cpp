// The plugin entry point; everything else lives in naskernel_depth_core.
#include "depth_task.h"

#include <naskernel/plugin.h>

NASKERNEL_PLUGIN(task, "depth", "0.1.0", naskernel::depth::DepthTask)
