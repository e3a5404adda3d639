#include "none_regularizer.h"

#include <naskernel/plugin.h>

NASKERNEL_PLUGIN(regularizer, "none", "0.1.0", naskernel::none::NoneRegularizer)
