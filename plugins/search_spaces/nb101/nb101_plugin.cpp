// The plugin entry point; everything else lives in naskernel_nb101_core.
#include <naskernel/plugin.h>

#include "nb101_space.h"

NASKERNEL_PLUGIN(search_space, "nb101", "0.1.0", naskernel::nb101::Nb101Space)
