// Typed paths: one place that knows every URL, so templates and redirects never build them by hand.
// Identifiers in paths are opaque UUIDs, never names or dates of birth.
export const paths = {
  home: '/',
  signIn: '/sign-in',
  signInOidc: '/sign-in/oidc',
  signInOidcCallback: '/sign-in/oidc/callback',
  signOut: '/sign-out',
  selectRole: '/select-role',
  directory: {
    boards: '/directory/boards',
    agencies: '/directory/agencies',
  },
  admin: {
    users: '/admin/users',
    newUser: '/admin/users/new',
    userSearch: '/admin/users/search',
    user: (id: string) => `/admin/users/${id}`,
    editUser: (id: string) => `/admin/users/${id}/edit`,
    userStatus: (id: string) => `/admin/users/${id}/status`,
    userRoles: (id: string) => `/admin/users/${id}/roles`,
    revokeRole: (id: string, assignmentId: string) => `/admin/users/${id}/roles/${assignmentId}/revoke`,
    userPassword: (id: string) => `/admin/users/${id}/password`,
    teams: '/admin/teams',
    newTeam: '/admin/teams/new',
    apiKeys: '/admin/api-keys',
    newApiKey: '/admin/api-keys/new',
    revokeApiKey: (id: string) => `/admin/api-keys/${id}/revoke`,
  },
  audit: {
    accessHistory: '/audit/access-history',
    record: (type: string, id: string) => `/audit/access-history/${encodeURIComponent(type)}/${id}`,
    verify: '/audit/verify',
  },
  identity: {
    find: '/people/find',
    person: (id: string) => `/people/${id}`,
    merge: (id: string) => `/people/${id}/merge`,
    unmerge: (id: string, eventId: string) => `/people/${id}/events/${eventId}/unmerge`,
    reviews: '/identity/reviews',
    review: (id: string) => `/identity/reviews/${id}`,
  },
  api: {
    docs: '/api/docs',
  },
} as const;
