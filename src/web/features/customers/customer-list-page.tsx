export function CustomerListPage() {
  return null;
}
