// The parsers are loaded before any test, as every entry point of digest loads them before it parses (library/parser.ts).
import { loadParser } from '../src/library/parser';

await loadParser();
