/**
 * Imported first by the server's entry point (stdio.ts): V8's young generation is kept small
 * (memory.ts) before the rest of the bundle loads, because loading it grows the young
 * generation to 8 MB (it stays at 2 MB otherwise), which V8 keeps for the life of the
 * process. The CLI's launcher (bin/redundancy-lens.js) does the same for `lsp`.
 */
import { keepYoungGenerationSmall } from './memory';

keepYoungGenerationSmall();
