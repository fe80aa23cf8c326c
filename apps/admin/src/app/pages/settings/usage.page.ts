import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, type OnInit, signal } from '@angular/core';
import type { UsageDto } from '@central-tickets/contracts';
import { Api } from '../../core/api';
import { Actions } from './actions';
import { SettingsNav } from './settings-nav';

/** The tenant's API use over 30 days: per day (a bar each), per endpoint group, and each token's last use. */
@Component({
  selector: 'ct-usage-page',
  imports: [DatePipe, SettingsNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Settings</h1>
    <ct-settings-nav />
    <h2>API usage</h2>
    <p>Requests made with your API tokens over the last 30 days (UTC). The console's own requests are not counted.</p>
    @if (actions.busy() === 'load') { <p role="status">Loading the usage…</p> }
    @if (actions.messageOf('load'); as m) { <p class="error" role="alert">{{ m.text }}</p> }
    @if (usage(); as u) {
      <p class="totals"><strong>{{ total() }}</strong> requests · <strong>{{ errors() }}</strong> answered with an error · <strong>{{ limited() }}</strong> sign-ins refused by a rate limit</p>
      <div class="scroll">
        <table class="days">
          <caption class="visually-hidden">Requests per day</caption>
          <thead><tr><th scope="col">Day</th><th scope="col">Requests</th><th scope="col">Errors</th><th scope="col">Rate-limited</th><th scope="col"><span class="visually-hidden">Share</span></th></tr></thead>
          <tbody>
            @for (d of u.days.slice().reverse(); track d.day) {
              <tr>
                <td>{{ d.day }}</td><td>{{ d.requests }}</td><td>{{ d.errors }}</td><td>{{ d.rate_limited }}</td>
                <td class="bar-cell"><span class="bar" [style.width.%]="share(d.requests)"></span></td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      <h3>By endpoint</h3>
      <table>
        <thead><tr><th scope="col">Endpoints</th><th scope="col">Status</th><th scope="col">Requests</th></tr></thead>
        <tbody>
          @for (g of u.groups; track g.group + g.status_class) {
            <tr><td>{{ g.group }}</td><td>{{ g.status_class }}</td><td>{{ g.requests }}</td></tr>
          } @empty { <tr><td colspan="3">No API requests in this period.</td></tr> }
        </tbody>
      </table>
      <h3>Tokens</h3>
      <table>
        <thead><tr><th scope="col">Token</th><th scope="col">Last used</th></tr></thead>
        <tbody>
          @for (k of u.tokens; track k.id) {
            <tr><td>{{ k.name }} (…{{ k.last_four }})</td><td>{{ k.last_used_at ? (k.last_used_at | date: 'medium') : 'never' }}</td></tr>
          } @empty { <tr><td colspan="2">No active tokens.</td></tr> }
        </tbody>
      </table>
    }
  `,
  styles: `
    .scroll { overflow-x: auto; }
    table { width: 100%; border-collapse: collapse; margin-bottom: 1rem; }
    th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--line); }
    .bar-cell { width: 40%; }
    .bar { display: block; height: .6rem; background: var(--accent); border-radius: .2rem; min-width: 1px; }
  `,
})
export class UsagePage implements OnInit {
  private readonly api = inject(Api);
  protected readonly actions = new Actions();
  protected readonly usage = signal<UsageDto | null>(null);
  protected readonly total = computed(() => this.usage()?.days.reduce((n, d) => n + d.requests, 0) ?? 0);
  protected readonly errors = computed(() => this.usage()?.days.reduce((n, d) => n + d.errors, 0) ?? 0);
  protected readonly limited = computed(() => this.usage()?.days.reduce((n, d) => n + d.rate_limited, 0) ?? 0);
  private readonly busiest = computed(() => Math.max(1, ...(this.usage()?.days.map((d) => d.requests) ?? [])));

  ngOnInit(): void {
    void this.actions.run('load', async () => this.usage.set(await this.api.get<UsageDto>('/api/tenant/usage', { days: '30' })));
  }

  protected share(requests: number): number {
    return (requests / this.busiest()) * 100;
  }
}
