// The README's TypeScript snippet, verbatim: a .d.ts module (`export {}`) augmenting App.
export {};

declare global {
  namespace App {
    interface Locals {
      user?: { name: string };
    }
    interface SessionData {
      favourites: string[];
    }
  }
}
