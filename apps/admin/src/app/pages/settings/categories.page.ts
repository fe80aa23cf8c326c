import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import type { CategoryDto } from '@central-tickets/contracts';
import { CATEGORY_NAME_MAX_LENGTH } from '@central-tickets/contracts/rules';
import { Api } from '../../core/api';
import { Actions } from './actions';
import { SettingsNav } from './settings-nav';

/** The tenant's categories: add, rename in place, move up and down, delete (moving tickets elsewhere if needed). */
@Component({
  selector: 'ct-categories-page',
  imports: [SettingsNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Settings</h1>
    <ct-settings-nav />
    <h2>Categories</h2>
    <p>Requesters pick one when they open a ticket, in this order.</p>
    @if (actions.busy() === 'load') { <p role="status">Loading the categories…</p> }
    <ol class="list">
      @for (category of categories(); track category.id; let first = $first; let last = $last) {
        <li>
          <label class="visually-hidden" [attr.for]="'cat-' + category.id">Name of {{ category.name }}</label>
          <input [id]="'cat-' + category.id" [value]="category.name" [attr.maxlength]="maxLength" (change)="rename(category, $any($event.target).value)" />
          <span class="count">{{ category.ticket_count }} ticket{{ category.ticket_count === 1 ? '' : 's' }}</span>
          <button type="button" (click)="move(category, -1)" [disabled]="first || busy()" [attr.aria-label]="'Move ' + category.name + ' up'">↑</button>
          <button type="button" (click)="move(category, 1)" [disabled]="last || busy()" [attr.aria-label]="'Move ' + category.name + ' down'">↓</button>
          <button type="button" (click)="remove(category)" [disabled]="busy()">Delete</button>
          @if (deleting()?.id === category.id) {
            <form class="reassign" (submit)="$event.preventDefault(); removeMovingTo(category, $any($event.target).elements.target.value)">
              @if (othersThan(category).length) {
                <label>Move its {{ category.ticket_count }} ticket(s) to
                  <select name="target">
                    @for (o of othersThan(category); track o.id) { <option [value]="o.id">{{ o.name }}</option> }
                  </select>
                </label>
                <button type="submit" class="primary" [disabled]="busy()">Move and delete</button>
              } @else {
                <p role="alert">Its tickets need another category: add one first.</p>
              }
              <button type="button" (click)="deleting.set(null)">Cancel</button>
            </form>
          }
        </li>
      } @empty {
        @if (actions.busy() !== 'load') { <li class="empty">No categories yet: tickets can still be opened without one.</li> }
      }
    </ol>
    <form (submit)="$event.preventDefault(); add($any($event.target))">
      <label>New category <input name="name" required [attr.maxlength]="maxLength" placeholder="Billing" /></label>
      <button type="submit" [disabled]="busy()">Add</button>
    </form>
    @if (actions.message(); as m) { <p [class.error]="m.error" [class.ok]="!m.error" role="status">{{ m.text }}</p> }
  `,
  styles: `
    .list { padding-left: 1.5rem; display: grid; gap: .5rem; max-width: 44rem; }
    .list li { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
    .list input { flex: 1 1 12rem; }
    .count { opacity: .75; min-width: 6rem; }
    .empty { list-style: none; opacity: .8; }
    .reassign { flex-basis: 100%; border-left: 4px solid var(--accent); padding-left: .75rem; margin: 0; }
    form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-top: 1rem; }
    .ok { color: #2e7d32; }
  `,
})
export class CategoriesPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly actions = new Actions();
  protected readonly categories = signal<CategoryDto[]>([]);
  protected readonly maxLength = CATEGORY_NAME_MAX_LENGTH;
  /** The category in use whose deletion waits for a choice of where its tickets go. */
  protected readonly deleting = signal<CategoryDto | null>(null);
  protected readonly busy = () => this.actions.busy() !== null;

  ngOnInit(): void {
    void this.actions.run('load', () => this.reload());
  }

  async add(form: HTMLFormElement): Promise<void> {
    const name = String(new FormData(form).get('name') ?? '');
    await this.actions.run('edit', async () => {
      const category = await this.api.send<CategoryDto>('POST', '/api/categories', { name });
      this.categories.update((list) => [...list, category]);
      form.reset();
    }, 'Added.');
  }

  async rename(category: CategoryDto, name: string): Promise<void> {
    if (!name.trim() || name === category.name) return;
    await this.actions.run('edit', async () => {
      const renamed = await this.api.send<CategoryDto>('PUT', `/api/categories/${category.id}`, { name });
      this.categories.update((list) => list.map((c) => (c.id === renamed.id ? renamed : c)));
    }, 'Renamed.');
  }

  /** One place up (-1) or down (+1); the API shifts the others, and the list is read back. */
  async move(category: CategoryDto, by: -1 | 1): Promise<void> {
    const index = this.categories().findIndex((c) => c.id === category.id);
    await this.actions.run('edit', async () => {
      await this.api.send<CategoryDto>('PUT', `/api/categories/${category.id}`, { position: index + by });
      await this.reload();
      document.getElementById(`cat-${category.id}`)?.focus();
    }, `Moved ${category.name} ${by < 0 ? 'up' : 'down'}.`);
  }

  /** A category without tickets goes after a confirmation; one in use asks where its tickets move. */
  async remove(category: CategoryDto): Promise<void> {
    if (category.ticket_count > 0) {
      this.deleting.set(category);
      return;
    }
    if (!confirm(`Delete the category "${category.name}"?`)) return;
    await this.actions.run('edit', async () => {
      await this.api.send('DELETE', `/api/categories/${category.id}`);
      await this.reload();
    }, 'Deleted.');
  }

  async removeMovingTo(category: CategoryDto, targetId: string): Promise<void> {
    await this.actions.run('edit', async () => {
      await this.api.send('DELETE', `/api/categories/${category.id}?reassign_to=${encodeURIComponent(targetId)}`);
      this.deleting.set(null);
      await this.reload();
    }, `Deleted; its tickets moved.`);
  }

  protected othersThan(category: CategoryDto): CategoryDto[] {
    return this.categories().filter((c) => c.id !== category.id);
  }

  private async reload(): Promise<void> {
    this.categories.set(await this.api.get<CategoryDto[]>('/api/categories'));
  }
}
