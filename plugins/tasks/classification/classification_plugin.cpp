// The plugin entry point; everything else lives in naskernel_classification_core.
#include "classification_task.h"

#include <naskernel/plugin.h>

NASKERNEL_PLUGIN(task, "classification", "0.1.0", naskernel::classification::ClassificationTask)
