// The case × model matrix, a page of cases at a time: green passed, red failed, amber passed some repeats, grey
// an error. Arrow keys move between cells, Enter opens the drawer with each answer and each check's reason.
import { useRef, useState } from 'preact/hooks';
import type { CasesPage, CellSummary, Column } from '../../../api-types.js';
import { useApi } from '../use-api.js';
import { AnswerDrawer } from './answer-drawer.js';
import { LoadState } from './load-state.js';

const cellClass = (cell: CellSummary): string => {
  if (cell.errors === cell.runs) return 'cell error';
  if (cell.passed === cell.runs) return 'cell pass';
  return cell.passed === 0 ? 'cell fail' : 'cell mixed';
};

const cellText = (cell: CellSummary): string =>
  cell.runs > 1 ? `${cell.passed}/${cell.runs}` : cell.passed === 1 ? '✓' : cell.errors > 0 ? '!' : '✗';

const cellWords = (cell: CellSummary): string =>
  cell.errors === cell.runs
    ? 'error'
    : cell.runs > 1
      ? `passed ${cell.passed} of ${cell.runs}`
      : cell.passed === 1
        ? 'passed'
        : 'failed';

interface Opened {
  caseId: string;
  column: Column;
  /** The cell's button, to give focus back when the drawer closes. */
  from: HTMLElement | null;
}

export const CaseMatrix = ({ runId }: { runId: string }) => {
  const [failing, setFailing] = useState(false);
  const [cursors, setCursors] = useState<string[]>([]);
  const [active, setActive] = useState<[number, number]>([0, 0]);
  const [opened, setOpened] = useState<Opened | null>(null);
  const table = useRef<HTMLTableElement>(null);
  const loaded = useApi<CasesPage>(`runs/${encodeURIComponent(runId)}/cases`, {
    failing: failing ? 1 : undefined,
    cursor: cursors.at(-1),
  });

  const focusCell = (row: number, column: number): void => {
    const button = table.current?.querySelector<HTMLElement>(
      `button[data-row="${row}"][data-column="${column}"]`,
    );
    if (!button) return;
    setActive([row, column]);
    button.focus();
  };
  const onKey = (event: KeyboardEvent, rows: number, columns: number): void => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const row = Math.min(active[0], rows - 1);
    const column = Math.min(active[1], columns - 1);
    focusCell(
      Math.min(rows - 1, Math.max(0, row + move[0])),
      Math.min(columns - 1, Math.max(0, column + move[1])),
    );
  };

  return (
    <>
      <div class="toolbar">
        <label>
          <input
            type="checkbox"
            checked={failing}
            onChange={(event) => {
              setFailing((event.currentTarget as HTMLInputElement).checked);
              setCursors([]);
            }}
          />{' '}
          only cases that did not always pass
        </label>
      </div>
      <LoadState loaded={loaded} label="the cases">
        {(page) => {
          // the cell in the tab order: the last one focused, or the nearest one when this page is shorter
          const tabRow = Math.min(active[0], page.cases.length - 1);
          const tabColumn = Math.min(active[1], page.columns.length - 1);
          return (
            <>
              <div class="matrix-wrap">
                <table
                  id="matrix"
                  ref={table}
                  onKeyDown={(event) => onKey(event, page.cases.length, page.columns.length)}
                >
                  <caption class="sr-only">Cases by model; arrow keys move, Enter shows the answers</caption>
                  <thead>
                    <tr>
                      <th scope="col">case</th>
                      {page.columns.map((column) => (
                        <th scope="col">{column.label}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {page.cases.map((item, row) => (
                      <tr>
                        <th scope="row">{item.id}</th>
                        {item.cells.map((cell, column) => {
                          const header = page.columns[column];
                          if (!cell || !header) return <td class="cell none">–</td>;
                          return (
                            <td class={cellClass(cell)}>
                              <button
                                type="button"
                                data-row={row}
                                data-column={column}
                                tabIndex={tabRow === row && tabColumn === column ? 0 : -1}
                                aria-label={`${item.id} on ${header.label}: ${cellWords(cell)}`}
                                onFocus={() => setActive([row, column])}
                                onClick={(event) =>
                                  setOpened({
                                    caseId: item.id,
                                    column: header,
                                    from: event.currentTarget as HTMLElement,
                                  })
                                }
                              >
                                {cellText(cell)}
                              </button>
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {page.cases.length === 0 ? <p class="muted">No case to show.</p> : null}
              <nav class="pager" aria-label="case pages">
                {cursors.length > 0 ? (
                  <button type="button" onClick={() => setCursors(cursors.slice(0, -1))}>
                    ← previous cases
                  </button>
                ) : null}
                {page.nextCursor ? (
                  <button type="button" onClick={() => setCursors([...cursors, page.nextCursor ?? ''])}>
                    next cases →
                  </button>
                ) : null}
              </nav>
            </>
          );
        }}
      </LoadState>
      {opened ? (
        <AnswerDrawer
          runId={runId}
          caseId={opened.caseId}
          column={opened.column}
          onClose={() => {
            opened.from?.focus();
            setOpened(null);
          }}
        />
      ) : null}
    </>
  );
};
