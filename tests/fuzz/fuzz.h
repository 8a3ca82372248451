/*
 * fuzz.h - what the fuzz targets share: the entry point that libFuzzer
 * and replay.c call, and CHECK, which aborts naming the condition that
 * failed, so that libFuzzer keeps the input and the replay driver's last
 * printed name is the culprit.
 */
#ifndef CHRONDB_TESTS_FUZZ_FUZZ_H
#define CHRONDB_TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #cond, __FILE__,        \
				__LINE__);                                                         \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
