/*
 * basic.c - the basic family of types, casts, operators and functions
 * (func.h says what a module contributes).  Being written: for now the
 * module contributes nothing.
 */
#include "func.h"

const exec_module exec_mod_basic = {"basic", NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0};
