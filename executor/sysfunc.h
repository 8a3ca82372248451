/*
 * sysfunc.h - what sysfunc.c offers beyond its module exec_mod_sys
 * (func.h): the set-returning functions of the session and the parser
 * (pg_get_keywords).  Advisory locks, also sysfunc.c's functions, are
 * held in storage's lock manager (store.h) and end with the session's
 * locker, so nothing else needs to call them.
 */
#ifndef CHRONDB_EXECUTOR_SYSFUNC_H
#define CHRONDB_EXECUTOR_SYSFUNC_H

#include "array.h"
#include "session.h"

/* pg_get_keywords(): the parser's keyword table. */
extern const exec_srf exec_sys_srfs[];
extern const size_t exec_sys_nsrfs;

#endif
