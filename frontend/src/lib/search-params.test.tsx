import { act, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { useSearchParamsState, withValues } from './search-params';

function Filters() {
  const [params, update] = useSearchParamsState();
  return (
    <>
      <output>{params.toString()}</output>
      <button
        type="button"
        onClick={() => {
          // two filters picked before the first has been rendered
          update((current) => withValues(current, { model: 'opd' }));
          update((current) => withValues(current, { label: 'update', page: null }));
        }}
      >
        pick
      </button>
    </>
  );
}

test('a change made before the previous one has rendered builds on it instead of dropping it', async () => {
  // given
  const router = createMemoryRouter([{ path: '/audit', element: <Filters /> }], { initialEntries: ['/audit?page=3'] });
  render(<RouterProvider router={router} />);

  // when
  await act(async () => screen.getByRole('button', { name: 'pick' }).click());

  // then
  expect(Object.fromEntries(router.state.location.search.slice(1).split('&').map((pair) => pair.split('=')))).toEqual({
    model: 'opd',
    label: 'update',
  });
  expect(screen.getByRole('status').textContent).toBe('model=opd&label=update');
});

test('withValues sets what has a value and removes what is empty', () => {
  const next = withValues(new URLSearchParams('a=1&b=2&c=3'), { a: 'x', b: '', c: null, d: 4, e: undefined });
  expect(next.toString()).toBe('a=x&d=4');
});
