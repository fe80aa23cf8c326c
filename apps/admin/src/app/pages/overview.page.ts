import { ChangeDetectionStrategy, Component, computed, inject, type OnInit, signal } from '@angular/core';
import type { TicketStatsDto } from '@central-tickets/contracts';
import { Api, ApiError } from '../core/api';

const CHART = { width: 720, height: 160, gap: 2 };

/** "5400" seconds → "1 h 30 min"; null → "—". */
function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.round(hours / 24)} days`;
}

/** The dashboard for agents: open work, 30 days of flow as a chart, median response and resolution times. */
@Component({
  selector: 'ct-overview-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Overview</h1>
    @if (error(); as message) { <p class="error" role="alert">{{ message }}</p> }
    @if (stats(); as s) {
      <div class="cards">
        <div class="card"><span class="n">{{ s.by_status['open'] ?? 0 }}</span> open</div>
        <div class="card"><span class="n">{{ s.by_status['pending'] ?? 0 }}</span> pending</div>
        <div class="card"><span class="n">{{ s.by_priority['urgent'] ?? 0 }}</span> urgent</div>
        <div class="card"><span class="n">{{ firstResponse() }}</span> median first response</div>
        <div class="card"><span class="n">{{ resolution() }}</span> median resolution</div>
      </div>
      <h2>Open work by priority</h2>
      <p>@for (p of priorities; track p) { <span class="pill">{{ p }}: {{ s.by_priority[p] ?? 0 }}</span> }</p>
      <h2 id="flow">Created and resolved, last 30 days</h2>
      <svg [attr.viewBox]="'0 0 ' + chart.width + ' ' + (chart.height + 20)" role="img" aria-labelledby="flow" class="chart">
        @for (bar of bars(); track bar.day) {
          <rect [attr.x]="bar.x" [attr.y]="chart.height - bar.created" [attr.width]="bar.w" [attr.height]="bar.created" class="created"><title>{{ bar.day }}: {{ bar.createdN }} created</title></rect>
          <rect [attr.x]="bar.x + bar.w" [attr.y]="chart.height - bar.resolved" [attr.width]="bar.w" [attr.height]="bar.resolved" class="resolved"><title>{{ bar.day }}: {{ bar.resolvedN }} resolved</title></rect>
        }
        <text x="0" [attr.y]="chart.height + 16">{{ s.days[0]?.day }}</text>
        <text [attr.x]="chart.width" [attr.y]="chart.height + 16" text-anchor="end">{{ s.days[s.days.length - 1]?.day }}</text>
      </svg>
      <p class="legend"><span class="key created"></span> created <span class="key resolved"></span> resolved</p>
    } @else if (!error()) {
      <p role="status">Loading the overview…</p>
    }
  `,
  styles: `
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; }
    .card { border: 1px solid var(--line); border-radius: .4rem; padding: .75rem; }
    .n { display: block; font-size: 1.6rem; font-weight: 700; }
    .pill { display: inline-block; margin-right: .5rem; padding: .1rem .6rem; border-radius: 1rem; background: var(--soft); }
    .chart { width: 100%; height: auto; max-width: 60rem; font-size: 12px; fill: currentColor; }
    .created { fill: var(--accent); }
    .resolved { fill: #2e7d32; }
    .legend .key { display: inline-block; width: .8rem; height: .8rem; margin: 0 .25rem 0 .75rem; }
    .key.created { background: var(--accent); }
    .key.resolved { background: #2e7d32; }
  `,
})
export class OverviewPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly stats = signal<TicketStatsDto | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly chart = CHART;
  protected readonly priorities = ['urgent', 'high', 'medium', 'low'];
  protected readonly firstResponse = computed(() => duration(this.stats()?.median_first_response_seconds ?? null));
  protected readonly resolution = computed(() => duration(this.stats()?.median_resolution_seconds ?? null));
  /** Two bars a day, scaled to the busiest day. */
  protected readonly bars = computed(() => {
    const days = this.stats()?.days ?? [];
    const max = Math.max(1, ...days.flatMap((d) => [d.created, d.resolved]));
    const slot = CHART.width / Math.max(1, days.length);
    const w = Math.max(1, slot / 2 - CHART.gap);
    return days.map((d, i) => ({
      day: d.day,
      x: i * slot,
      w,
      created: (d.created / max) * CHART.height,
      resolved: (d.resolved / max) * CHART.height,
      createdN: d.created,
      resolvedN: d.resolved,
    }));
  });

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.stats.set(await this.api.get<TicketStatsDto>('/api/tickets/stats'));
    } catch (err) {
      this.error.set(err instanceof ApiError ? err.message : 'The overview could not be loaded.');
    }
  }
}
