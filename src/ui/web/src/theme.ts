// Dark and light themes: the system's choice (prefers-color-scheme) unless the toggle chose one, kept per browser.
export type Theme = 'system' | 'light' | 'dark';

const storageKey = 'yardstick-theme';

export const savedTheme = (): Theme => {
  const value = window.localStorage.getItem(storageKey);
  return value === 'light' || value === 'dark' ? value : 'system';
};

export const applyTheme = (theme: Theme): void => {
  if (theme === 'system') {
    delete document.documentElement.dataset.theme;
    window.localStorage.removeItem(storageKey);
  } else {
    document.documentElement.dataset.theme = theme;
    window.localStorage.setItem(storageKey, theme);
  }
};

/** The theme in effect now, whichever way it was chosen. */
export const effectiveTheme = (theme: Theme): 'light' | 'dark' => {
  if (theme !== 'system') return theme;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
};
