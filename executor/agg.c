/*
 * agg.c - the agg family of types, casts, operators and functions
 * (func.h says what a module contributes).  Being written: for now the
 * module contributes nothing.
 */
#include "func.h"

const exec_module exec_mod_agg = {"agg", NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0};
