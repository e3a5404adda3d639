// The plugin entry point; everything else lives in naskernel_depth_fusion_core.
#include "df_space.h"

#include <naskernel/plugin.h>

NASKERNEL_PLUGIN(search_space, "depth_fusion", "0.1.0", naskernel::depth_fusion::DepthFusionSpace)
