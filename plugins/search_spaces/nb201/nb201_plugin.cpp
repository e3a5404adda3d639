// The plugin entry point; everything else lives in naskernel_nb201_core.
#include "nb201_space.h"

#include <naskernel/plugin.h>

NASKERNEL_PLUGIN(search_space, "nb201", "0.1.0", naskernel::nb201::Nb201Space)
