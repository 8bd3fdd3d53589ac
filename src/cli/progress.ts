import cliProgress from 'cli-progress';

/**
 * Progress for long work: a bar with rate and ETA on a terminal, a plain line every few seconds
 * otherwise (CI logs, pipes), so nobody stares at a silent prompt.
 *
 * @example const p = startProgress('Importing persons', totalBytes, 'MB'); p.update(done, { rows }); p.stop();
 */
export interface Progress {
  update(value: number, extra?: { rows?: number; phase?: string }): void;
  stop(): void;
}

export function startProgress(label: string, total: number, unit: 'bytes' | 'rows'): Progress {
  const fmt = (v: number) => (unit === 'bytes' ? `${(v / 1e6).toFixed(1)} MB` : v.toLocaleString('en'));
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} |{bar}| {percentage}% {done}/{all} · {rows} rows · {rate} · ETA {eta_formatted} {phase}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    let rows = 0;
    bar.start(total, 0, { done: fmt(0), all: fmt(total), rows: '0', rate: '', phase: '' });
    return {
      update(value, extra) {
        rows = extra?.rows ?? rows;
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        bar.update(value, {
          done: fmt(value),
          all: fmt(total),
          rows: rows.toLocaleString('en'),
          rate: `${Math.round(rows / seconds).toLocaleString('en')} rows/s`,
          phase: extra?.phase ?? '',
        });
      },
      stop() {
        bar.stop();
      },
    };
  }
  const started = Date.now();
  let lastPrint = 0;
  let lastPhase: string | undefined;
  return {
    update(value, extra) {
      const now = Date.now();
      const phase = extra?.phase ?? '';
      // A line every five seconds, and one when the work moves to another phase.
      if (now - lastPrint < 5000 && phase === lastPhase) return;
      lastPrint = now;
      lastPhase = phase;
      const seconds = (now - started) / 1000;
      const rate =
        extra?.rows !== undefined ? ` · ${Math.round(extra.rows / Math.max(seconds, 0.001))} rows/s` : '';
      const pct = total > 0 ? ((100 * value) / total).toFixed(0) : '100';
      process.stderr.write(`${label}: ${pct}% ${fmt(value)}/${fmt(total)}${rate} ${phase}\n`);
    },
    stop() {},
  };
}
