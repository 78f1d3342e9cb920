// HR export column headers → canonical columns. Headers are compared case-, space- and punctuation-insensitively
// ("Employee ID", "employee_id", "EmployeeID" are one), "#" reads as "number", and a header carrying an attribute
// name in brackets ("User name [userPrincipalName] Required", Entra's bulk-user template) is read by that name.
// Each canonical column lists its aliases best first: when an export has several (HireDate and StartDate;
// Country and TwoLetterCountryCode), the first non-empty one in this order wins.

export const CANONICAL = [
  'employee_id',
  'upn',
  'email',
  'display_name',
  'first_name',
  'last_name',
  'personal_email',
  'phone',
  'home_street',
  'home_city',
  'home_state',
  'home_postal_code',
  'home_country',
  'timezone',
  'department',
  'title',
  'manager',
  'employment_type',
  'start_date',
  'status',
] as const;
export type Canonical = (typeof CANONICAL)[number];

/** Aliases per canonical column, already normalised (see `normHeader`), best first. */
const ALIASES: Record<Canonical, string[]> = {
  employee_id: ['employeeid', 'employeenumber', 'employeeno', 'empid', 'empno', 'workerid', 'associateid', 'personnelnumber', 'staffid', 'staffnumber'],
  upn: ['upn', 'userprincipalname', 'username', 'userid', 'login', 'loginname'],
  email: ['workemail', 'workemailaddress', 'businessemail', 'companyemail', 'corporateemail', 'email', 'emailaddress', 'mail'],
  display_name: ['displayname', 'fullname', 'name', 'employeename', 'preferredname', 'legalname'],
  first_name: ['firstname', 'givenname', 'legalfirstname', 'forename'],
  last_name: ['lastname', 'surname', 'familyname', 'legallastname'],
  personal_email: ['personalemail', 'personalemailaddress', 'homeemail', 'privateemail', 'alternateemail', 'otheremail'],
  phone: ['mobilephone', 'mobile', 'mobilenumber', 'cellphone', 'cell', 'personalmobile', 'personalphone', 'homephone', 'phone', 'phonenumber'],
  home_street: ['homestreet', 'homeaddress', 'homeaddressline1', 'homeaddress1', 'streetaddress', 'street', 'address', 'addressline1', 'address1'],
  home_city: ['homecity', 'city', 'town', 'locality'],
  home_state: ['homestate', 'state', 'stateprovince', 'stateorprovince', 'province', 'region'],
  home_postal_code: ['homepostalcode', 'homezip', 'homezipcode', 'postalcode', 'zipcode', 'zip', 'postcode', 'ziporpostalcode'],
  home_country: ['homecountry', 'twolettercountrycode', 'countrycode', 'country', 'countryorregion'],
  timezone: ['timezone', 'tz', 'timezoneid'],
  department: ['department', 'dept', 'departmentname'],
  title: ['title', 'jobtitle', 'businesstitle', 'position', 'positiontitle', 'job'],
  manager: ['manager', 'managername', 'manageremail', 'managerid', 'supervisor', 'supervisorname', 'reportsto'],
  employment_type: ['employmenttype', 'workertype', 'employeetype', 'workercategory', 'contracttype', 'employmentstatus'],
  start_date: ['startdate', 'hiredate', 'dateofhire', 'originalhiredate', 'datehired', 'firstdayofwork', 'joiningdate', 'dateofjoining'],
  status: ['status', 'workerstatus', 'employeestatus'],
};

/** Columns that can name the person (the sniff needs one of them). */
export const IDENTITY: ReadonlySet<Canonical> = new Set(['employee_id', 'upn', 'email']);

export interface ColumnRef {
  canonical: Canonical;
  /** Position in the canonical column's alias list: lower is preferred. */
  rank: number;
}

const BY_ALIAS = new Map<string, ColumnRef>();
for (const c of CANONICAL) ALIASES[c].forEach((alias, rank) => BY_ALIAS.set(alias, { canonical: c, rank }));

const BRACKET = /\[([A-Za-z][A-Za-z0-9_ ]*)\]/;
const NON_ALNUM = /[^a-z0-9]+/g;

/** "Employee ID" → "employeeid"; "Employee #" → "employeenumber"; "Name [displayName] Required" → "displayname". */
export function normHeader(header: string): string {
  const b = BRACKET.exec(header);
  const h = b ? b[1] : header;
  return h.toLowerCase().replace(/#/g, 'number').replace(NON_ALNUM, '');
}

const cache = new Map<string, ColumnRef | null>();

/** Canonical column of a raw header, or undefined when it is not one we read. */
export function columnOf(header: string): ColumnRef | undefined {
  let ref = cache.get(header);
  if (ref === undefined) {
    ref = BY_ALIAS.get(normHeader(header)) ?? null;
    if (cache.size > 10_000) cache.clear();
    cache.set(header, ref);
  }
  return ref ?? undefined;
}

/** Aliases of a canonical column (for messages and the README table). */
export function aliasesOf(c: Canonical): readonly string[] {
  return ALIASES[c];
}
