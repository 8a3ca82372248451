/*
 * dict.c - prints the parser's libFuzzer dictionary on stdout: every
 * keyword of the keyword table (keywords.c), then the punctuation that
 * starts literals, comments and multi-character operators.  Built from
 * the table rather than kept as a file, so that a new keyword reaches
 * the fuzzer without anyone remembering to add it.
 */
#include <stdio.h>

#include "keywords.h"

/* Tokens that are not words, escaped as the dictionary wants (\" and \\). */
static const char *const punctuation[] = {"E'", "U&'", "U&\\\"", "B'", "X'", "N'", "$$", "$a$",
	"''", "\\\"\\\"", "\\\\", "\\\\u", "\\\\U", "/*", "*/", "--", "::", "..", ":=", "=>",
	"<=", ">=", "<>", "!=", "->>", "#>>", "@>", "||", "$1", "0x", "0b", "0o", "1e", "1_0", ";",
	"(", ")", "[", "]"};

int main(void)
{
	for (size_t i = 0; i < sql_keyword_count; i++)
		printf("\"%s\"\n", sql_keywords[i].name);
	for (size_t i = 0; i < sizeof(punctuation) / sizeof(punctuation[0]); i++)
		printf("\"%s\"\n", punctuation[i]);
	return 0;
}
