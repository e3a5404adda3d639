// The plugin entry point; everything else lives in naskernel_darts_core.
#include "darts_space.h"

#include <naskernel/plugin.h>

NASKERNEL_PLUGIN(search_space, "darts", "0.1.0", naskernel::darts::DartsSpace)
