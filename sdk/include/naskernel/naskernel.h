// Everything a plugin author includes.
#pragma once

#include <naskernel/plugin.h>
