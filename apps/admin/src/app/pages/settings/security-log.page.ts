import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import type { SecurityEventDto, SecurityEventPageDto } from '@central-tickets/contracts';
import { SECURITY_EVENT_KINDS } from '@central-tickets/contracts/rules';
import { Api } from '../../core/api';
import { Actions } from './actions';
import { SettingsNav } from './settings-nav';

const PAGE_SIZE = '50';

/** The tenant's security log, newest first, filtered by kind and address, a page at a time. */
@Component({
  selector: 'ct-security-log-page',
  imports: [DatePipe, SettingsNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Settings</h1>
    <ct-settings-nav />
    <h2>Security log</h2>
    <form class="filters" role="search" (submit)="$event.preventDefault(); filter($any($event.target))">
      <label>What
        <select name="kind">
          <option value="">Everything</option>
          @for (k of kinds; track k) { <option [value]="k">{{ label(k) }}</option> }
        </select>
      </label>
      <label>Email address <input name="email" type="email" placeholder="jane@customer.example" /></label>
      <button type="submit" [disabled]="actions.busy()">Filter</button>
    </form>
    @if (actions.messageOf('log'); as m) { <p class="error" role="alert">{{ m.text }}</p> }
    <div class="scroll">
      <table aria-live="polite" [attr.aria-busy]="actions.busy() === 'log'">
        <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">From</th><th scope="col">Details</th><th scope="col">Reference</th></tr></thead>
        <tbody>
          @for (e of events(); track e.id) {
            <tr>
              <td>{{ e.created_at | date: 'medium' }}</td>
              <td>{{ label(e.kind) }}@if (e.method) { ({{ e.method }}) }@if (e.code) { · {{ e.code }} }</td>
              <td>{{ e.email ?? '—' }}</td>
              <td>{{ e.ip ?? '—' }}@if (e.origin) { · {{ e.origin }} }</td>
              <td>{{ e.details ?? '' }}</td>
              <td><code>{{ e.correlation_id }}</code></td>
            </tr>
          } @empty {
            <tr><td colspan="6">{{ actions.busy() === 'log' ? 'Loading…' : 'Nothing matches.' }}</td></tr>
          }
        </tbody>
      </table>
    </div>
    @if (next()) { <button type="button" (click)="more()" [disabled]="actions.busy()">Older events</button> }
  `,
  styles: `
    .filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: 1rem; }
    .filters label { display: grid; gap: .25rem; }
    .scroll { overflow-x: auto; }
    table { width: 100%; border-collapse: collapse; }
    th, td { text-align: left; padding: .4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    td code { font-size: .85em; }
  `,
})
export class SecurityLogPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly actions = new Actions();
  protected readonly kinds = SECURITY_EVENT_KINDS;
  protected readonly events = signal<SecurityEventDto[]>([]);
  protected readonly next = signal<string | null>(null);
  private filters: Record<string, string> = {};
  /** Only the latest load's answer is shown (an earlier one may arrive after it). */
  private generation = 0;

  ngOnInit(): void {
    void this.load(false);
  }

  filter(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    this.filters = Object.fromEntries(
      (['kind', 'email'] as const).map((k) => [k, String(data.get(k) ?? '').trim()] as const).filter(([, v]) => v),
    );
    return this.load(false);
  }

  more(): Promise<void> {
    return this.load(true);
  }

  protected label(kind: string): string {
    return kind.replace(/_/g, ' ');
  }

  private async load(append: boolean): Promise<void> {
    const cursor = append ? this.next() : null;
    const generation = ++this.generation;
    if (!append) this.events.set([]);
    await this.actions.run('log', async () => {
      const page = await this.api.get<SecurityEventPageDto>('/api/tenant/security-events', {
        ...this.filters,
        limit: PAGE_SIZE,
        ...(cursor && { cursor }),
      });
      if (generation !== this.generation) return;
      this.events.update((list) => (append ? [...list, ...page.data] : page.data));
      this.next.set(page.next_cursor);
    });
  }
}
