/**
 * chart.js, loaded on first use (its own chunk, kept out of the first page load) with only the
 * parts the app draws registered. chart.js draws on a canvas and needs no eval, so the site's
 * Content-Security-Policy stays as it is.
 */
import type { Chart } from 'chart.js';

let loading: Promise<typeof Chart> | undefined;

export function loadChart(): Promise<typeof Chart> {
  loading ??= import('chart.js').then((m) => {
    m.Chart.register(
      m.ScatterController,
      m.BarController,
      m.LinearScale,
      m.LogarithmicScale,
      m.CategoryScale,
      m.PointElement,
      m.BarElement,
      m.Tooltip,
      m.Legend
    );
    // The page's text colour, so charts follow the light or dark theme.
    const css = getComputedStyle(document.documentElement);
    m.Chart.defaults.color = css.getPropertyValue('--text').trim() || '#eef2f8';
    m.Chart.defaults.borderColor = 'rgba(183, 195, 216, 0.25)';
    m.Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    return m.Chart;
  });
  return loading;
}
