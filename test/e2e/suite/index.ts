// The suite VS Code loads (extensionTestsPath): importing a test file registers its
// tests; they run in this order. The restart test goes last since it replaces the server.
import './diagnostics.e2e';
import './quickfix.e2e';
import './features.e2e';
import './commands.e2e';
import './preview.e2e';
import './ruleDocs.e2e';
import './markdown.e2e';
import './restart.e2e';

export { run } from './harness';
