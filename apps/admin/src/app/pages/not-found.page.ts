import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'ct-not-found-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>This page does not exist</h1>
    <p>The link may be old or mistyped. <a routerLink="/dashboard">Go to your tickets</a>.</p>
  `,
})
export class NotFoundPage {}
