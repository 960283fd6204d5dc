// The entry of the web app of `yardstick ui`: applies the saved theme, then renders the app.
import { render } from 'preact';
import { App } from './app.js';
import { applyTheme, savedTheme } from './theme.js';
import './theme.css';
import './styles.css';

applyTheme(savedTheme());
const root = document.getElementById('app');
if (root) render(<App />, root);
