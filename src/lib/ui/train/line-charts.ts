/**
 * The Train page's curves (ROC, precision-recall, calibration) are scatter datasets drawn with
 * lines: chart.js needs its line element registered for that, on top of the shared loader's set.
 */
import { loadChart } from '../charts/chartjs.ts';

let ready: Promise<void> | undefined;

export function ensureLineCharts(): Promise<void> {
  ready ??= Promise.all([loadChart(), import('chart.js')]).then(([Chart, m]) => {
    Chart.register(m.LineElement);
  });
  return ready;
}
