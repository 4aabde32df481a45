import { router } from '../../platform/http';

// /users, /org-units, /audit, /settings.
export const adminRoutes = router();
