// Random scenes for the synthetic data set: a room (ground, back wall, side
// walls) with boxes resting on the ground and spheres resting or floating,
// every surface with its own texture, under a randomly placed camera.
#pragma once

#include "depth_options.h"
#include "depth_set.h"
#include "scene.h"

#include <naskernel/rng.h>

namespace naskernel::depth {

// Draws every choice from `rng`, so the scene is a function of the stream.
// `options.objects` boxes and spheres; `texture_contrast` pulls each
// surface's two colours towards their mean (0 = flat colours); `fog` is the
// scene's fog density. (Sensor noise is added after rendering.)
Scene random_scene(Rng& rng, const SceneOptions& options, ImageSize size);

}  // namespace naskernel::depth
