import { router } from '../../platform/http';

// /customers — filled in by the customers module.
export const customerRoutes = router();
