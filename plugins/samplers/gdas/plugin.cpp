// The plugin entry point; the sampler itself lives in naskernel_gdas_core.
#include "gdas_sampler.h"

#include <naskernel/plugin.h>

NASKERNEL_PLUGIN(sampler, "gdas", "0.1.0", naskernel::gdas::GdasSampler)
