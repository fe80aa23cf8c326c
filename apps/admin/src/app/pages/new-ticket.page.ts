import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import type { CategorySummaryDto } from '@central-tickets/contracts';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
// The rules alone: the DTO barrel would bring class-validator into the bundle.
import {
  TICKET_DESCRIPTION_MAX_LENGTH,
  TICKET_PRIORITIES,
  TICKET_TITLE_MAX_LENGTH,
  type TicketPriority,
} from '@central-tickets/contracts/rules';
import { Api, ApiError } from '../core/api';

/** A requester opens a ticket (title, description, category, priority): the same limits as the API checks. */
@Component({
  selector: 'ct-new-ticket-page',
  imports: [ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>New ticket</h1>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <label for="title">Title</label>
      <input id="title" formControlName="title" [maxLength]="titleMax" required />
      <label for="description">What happened?</label>
      <textarea id="description" formControlName="description" rows="8" [maxLength]="descriptionMax" required></textarea>
      @if (categories().length) {
        <label for="category">Category</label>
        <select id="category" formControlName="category_id">
          <option value="">Not sure</option>
          @for (c of categories(); track c.id) { <option [value]="c.id">{{ c.name }}</option> }
        </select>
      }
      <label for="priority">Priority</label>
      <select id="priority" formControlName="priority">
        @for (p of priorities; track p) { <option [value]="p">{{ p }}</option> }
      </select>
      @if (error(); as message) { <p class="error" role="alert">{{ message }}</p> }
      <div class="actions">
        <button type="submit" class="primary" [disabled]="busy()">{{ busy() ? 'Sending…' : 'Open ticket' }}</button>
        <a routerLink="/dashboard">Cancel</a>
      </div>
    </form>
  `,
  styles: `
    form { display: grid; gap: .5rem; max-width: 40rem; }
    .actions { display: flex; gap: 1rem; align-items: center; margin-top: .5rem; }
  `,
})
export class NewTicketPage implements OnInit {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly titleMax = TICKET_TITLE_MAX_LENGTH;
  protected readonly descriptionMax = TICKET_DESCRIPTION_MAX_LENGTH;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = new FormGroup({
    title: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(TICKET_TITLE_MAX_LENGTH)] }),
    description: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(TICKET_DESCRIPTION_MAX_LENGTH)] }),
    category_id: new FormControl('', { nonNullable: true }),
    priority: new FormControl<TicketPriority>('medium', { nonNullable: true }),
  });
  protected readonly categories = signal<CategorySummaryDto[]>([]);

  ngOnInit(): void {
    // Without the list, the ticket is simply filed without a category.
    void this.api.get<CategorySummaryDto[]>('/api/portal/categories').then((list) => this.categories.set(list), () => undefined);
  }

  async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('Give the ticket a title and say what happened.');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const { category_id, ...rest } = this.form.getRawValue();
      const ticket = await this.api.createTicket({ ...rest, ...(category_id && { category_id }) });
      await this.router.navigate(['/tickets', ticket.number]);
    } catch (err) {
      const fields = err instanceof ApiError ? Object.values(err.body?.errors ?? {}).flat() : [];
      this.error.set(fields.length ? fields.join(' ') : err instanceof ApiError ? err.message : 'The ticket could not be sent. Try again.');
    } finally {
      this.busy.set(false);
    }
  }
}
