import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/react';

// findBy*/waitFor wait up to 5 s (1 s by default): on a loaded machine a worker answer can take longer.
configure({ asyncUtilTimeout: 5000 });
