import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';

/** A secret shown once, with a copy button and a plain warning. */
@Component({
  selector: 'ct-shown-once',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="once" role="status">
      <p><strong>{{ label() }}</strong> — shown once: {{ hint() }}</p>
      <code>{{ value() }}</code>
      <button type="button" (click)="copy()">{{ copied() ? 'Copied' : 'Copy' }}</button>
    </div>
  `,
  styles: `
    .once { border: 1px solid var(--accent); border-radius: .4rem; padding: .75rem; margin: .75rem 0; }
    code { display: block; word-break: break-all; margin: .5rem 0; }
  `,
})
export class ShownOnce {
  readonly label = input.required<string>();
  readonly value = input.required<string>();
  readonly hint = input('copy it now and keep it on your servers.');
  protected readonly copied = signal(false);

  async copy(): Promise<void> {
    await navigator.clipboard?.writeText(this.value()).catch(() => undefined);
    this.copied.set(true);
  }
}
