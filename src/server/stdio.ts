/** Entry point of the bundled server (dist/server.js) that VS Code's client starts. */
import './earlyMemory';
import { startStdioServer } from './main';

startStdioServer();
