import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * One view failing to render must not blank the page: the failed panel says so and offers to try
 * again; every other view goes on.
 */
export class ViewBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Channel Lab: the ${this.props.name} view failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <section className="panel view-failed" role="alert">
        <h2>{this.props.name}</h2>
        <p>This view stopped: {this.state.error.message}. The other views and the simulation go on.</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Show it again
        </button>
      </section>
    );
  }
}
