// The plugin entry point; the sampler itself lives in naskernel_spos_core.
#include "spos_sampler.h"

#include <naskernel/plugin.h>

NASKERNEL_PLUGIN(sampler, "spos", "0.1.0", naskernel::spos::SposSampler)
