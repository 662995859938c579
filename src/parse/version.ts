/** Bump when any parser's output changes, so cached parses are thrown away. Apart from the parsers, so caches can be named without loading them. */
export const PARSER_VERSION = 20;
