// The app's frame: the navigation, the theme toggle and the page the address names.
import { useState } from 'preact/hooks';
import { ComparePage } from './pages/compare-page.js';
import { MonitorsPage } from './pages/monitors-page.js';
import { RoutePage } from './pages/route-page.js';
import { RoutesPage } from './pages/routes-page.js';
import { RunPage } from './pages/run-page.js';
import { RunsPage } from './pages/runs-page.js';
import { SpendPage } from './pages/spend-page.js';
import { TracePage } from './pages/trace-page.js';
import { TracesPage } from './pages/traces-page.js';
import { type Route, useRoute } from './router.js';
import { applyTheme, effectiveTheme, savedTheme, type Theme } from './theme.js';

const pageOf = (route: Route) => {
  const [first, second] = route.segments;
  if (first === 'runs' && second !== undefined) return <RunPage runId={second} params={route.params} />;
  if (first === 'compare') return <ComparePage params={route.params} />;
  if (first === 'traces' && second !== undefined) return <TracePage traceId={second} />;
  if (first === 'traces') return <TracesPage params={route.params} />;
  if (first === 'spend') return <SpendPage params={route.params} />;
  if (first === 'routes' && second !== undefined) return <RoutePage name={second} />;
  if (first === 'routes') return <RoutesPage />;
  if (first === 'monitors') return <MonitorsPage params={route.params} />;
  return <RunsPage params={route.params} />;
};

const sections = [
  {
    name: 'Runs',
    href: '#/runs',
    matches: (first: string | undefined) => first === undefined || first === 'runs',
  },
  { name: 'Compare', href: '#/compare', matches: (first: string | undefined) => first === 'compare' },
  { name: 'Traces', href: '#/traces', matches: (first: string | undefined) => first === 'traces' },
  { name: 'Spend', href: '#/spend', matches: (first: string | undefined) => first === 'spend' },
  { name: 'Routes', href: '#/routes', matches: (first: string | undefined) => first === 'routes' },
  { name: 'Monitors', href: '#/monitors', matches: (first: string | undefined) => first === 'monitors' },
];

export const App = () => {
  const route = useRoute();
  const [theme, setTheme] = useState<Theme>(savedTheme);
  const toggle = (): void => {
    const next = effectiveTheme(theme) === 'dark' ? 'light' : 'dark';
    applyTheme(next);
    setTheme(next);
  };
  return (
    <>
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <span class="brand">yardstick</span>
        <nav aria-label="sections">
          {sections.map((section) => (
            <a href={section.href} aria-current={section.matches(route.segments[0]) ? 'page' : undefined}>
              {section.name}
            </a>
          ))}
        </nav>
        <button
          type="button"
          class="theme"
          onClick={toggle}
          aria-label={`switch to ${effectiveTheme(theme) === 'dark' ? 'light' : 'dark'} theme`}
        >
          {effectiveTheme(theme) === 'dark' ? '☀ light' : '☾ dark'}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {pageOf(route)}
      </main>
    </>
  );
};
