// Puts a chart drawn by Observable Plot into the page. Plot adds a <style> element to each chart; the page's CSP
// allows no inline style, so it is taken out before the chart is attached and styles.css gives the same rules.
import { useEffect, useRef } from 'preact/hooks';

export const plotClass = 'ys-plot';

export const PlotFigure = ({ draw, label }: { draw: () => Element; label: string }) => {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = draw();
    for (const style of chart.querySelectorAll('style')) style.remove();
    // the wrapper is the image, with its own label; Plot's labels on inner groups would be announced piecemeal
    chart.setAttribute('aria-hidden', 'true');
    for (const labelled of chart.querySelectorAll('[aria-label], [aria-description]')) {
      labelled.removeAttribute('aria-label');
      labelled.removeAttribute('aria-description');
    }
    ref.current?.replaceChildren(chart);
  }, [draw]);
  return <div ref={ref} class="plot" role="img" aria-label={label} />;
};
