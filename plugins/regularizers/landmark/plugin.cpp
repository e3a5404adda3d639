// The plugin entry point; the regularizer itself lives in naskernel_landmark_core.
#include "landmark_regularizer.h"

#include <naskernel/plugin.h>

NASKERNEL_PLUGIN(regularizer, "landmark", "0.1.0", naskernel::landmark::LandmarkRegularizer)
