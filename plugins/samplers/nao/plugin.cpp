// The plugin entry point; the sampler itself lives in naskernel_nao_core.
#include "nao_sampler.h"

#include <naskernel/plugin.h>

NASKERNEL_PLUGIN(sampler, "nao", "0.1.0", naskernel::nao::NaoSampler)
