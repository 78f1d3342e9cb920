// Name, street and job vocabularies for the synthetic company. Common given names and surnames (US SSA/Census
// frequency lists in spirit; no real person is meant), plus names for the Seoul, Berlin and Bengaluru offices.

export const US_GIVEN = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William',
  'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen', 'Charles', 'Lisa',
  'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Sandra', 'Mark', 'Margaret', 'Donald', 'Ashley', 'Steven',
  'Kimberly', 'Andrew', 'Emily', 'Paul', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda',
  'Brian', 'Melissa', 'Timothy', 'Deborah', 'Ronald', 'Stephanie', 'George', 'Rebecca', 'Jason', 'Sharon', 'Edward',
  'Laura', 'Jeffrey', 'Cynthia', 'Ryan', 'Dorothy', 'Jacob', 'Amy', 'Nicholas', 'Kathleen', 'Gary', 'Angela', 'Eric',
  'Shirley', 'Jonathan', 'Emma', 'Stephen', 'Brenda', 'Larry', 'Pamela', 'Justin', 'Nicole', 'Scott', 'Anna',
  'Brandon', 'Samantha', 'Benjamin', 'Katherine', 'Samuel', 'Christine', 'Gregory', 'Debra', 'Alexander', 'Rachel',
  'Patrick', 'Carolyn', 'Frank', 'Janet', 'Raymond', 'Maria', 'Jack', 'Olivia', 'Dennis', 'Heather', 'Jerry', 'Helen',
  'Tyler', 'Catherine', 'Aaron', 'Diane', 'Jose', 'Julie', 'Adam', 'Victoria', 'Nathan', 'Joyce', 'Henry', 'Lauren',
  'Zachary', 'Kelly', 'Douglas', 'Christina', 'Peter', 'Ruth', 'Kyle', 'Joan', 'Noah', 'Virginia', 'Ethan', 'Judith',
  'Jeremy', 'Evelyn', 'Christian', 'Hannah', 'Walter', 'Andrea', 'Keith', 'Megan', 'Austin', 'Cheryl', 'Roger',
  'Jacqueline', 'Terry', 'Madison', 'Sean', 'Teresa', 'Gerald', 'Abigail', 'Carl', 'Sophia', 'Dylan', 'Martha',
  'Harold', 'Sara', 'Jordan', 'Gloria', 'Jesse', 'Janice', 'Bryan', 'Kathryn', 'Lawrence', 'Ann', 'Arthur', 'Isabella',
  'Gabriel', 'Judy', 'Bruce', 'Charlotte', 'Logan', 'Julia', 'Billy', 'Grace', 'Joe', 'Amber', 'Alan', 'Alice',
  'Juan', 'Jean', 'Elijah', 'Denise', 'Willie', 'Frances', 'Albert', 'Danielle', 'Wayne', 'Marilyn', 'Randy', 'Natalie',
  'Mason', 'Beverly', 'Vincent', 'Diana', 'Liam', 'Brittany', 'Roy', 'Theresa', 'Bobby', 'Kayla', 'Caleb', 'Alexis',
  'Bradley', 'Doris', 'Russell', 'Lori', 'Lucas', 'Tiffany', 'Wei', 'Mei', 'Priya', 'Arjun', 'Miguel', 'Sofia',
  'Carlos', 'Lucia', 'Ahmed', 'Fatima', 'Hiroshi', 'Yuki', 'Minh', 'Linh', 'Omar', 'Layla', 'Diego', 'Camila',
];

export const US_FAMILY = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez',
  'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen',
  'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall',
  'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker',
  'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez',
  'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward',
  'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez', 'Powell',
  'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson', 'Barnes', 'Gonzales', 'Fisher',
  'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander', 'Hamilton', 'Graham', 'Reynolds', 'Griffin',
  'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera', 'Gibson', 'Ellis', 'Tran', 'Medina', 'Aguilar',
  'Stevens', 'Murray', 'Ford', 'Castro', 'Marshall', 'Owens', 'Harrison', 'Fernandez', 'McDonald', 'Woods',
  'Washington', 'Kennedy', 'Wells', 'Vargas', 'Henry', 'Chen', 'Freeman', 'Webb', 'Tucker', 'Guzman', 'Burns',
  'Crawford', 'Olson', 'Simpson', 'Porter', 'Hunter', 'Gordon', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Mason', 'Dixon',
  'Munoz', 'Hunt', 'Hicks', 'Holmes', 'Palmer', 'Wagner', 'Black', 'Robertson', 'Boyd', 'Rose', 'Stone', 'Salazar',
  'Fox', 'Warren', 'Mills', 'Meyer', 'Rice', 'Schmidt', 'Garza', 'Daniels', 'Ferguson', 'Nichols', 'Stephens', 'Soto',
  'Weaver', 'Ryan', 'Gardner', 'Payne', 'Grant', 'Dunn', 'Kelley', 'Spencer', 'Hawkins', 'Arnold', 'Pierce', 'Wang',
  'Zhang', 'Liu', 'Singh', 'Shah', 'Yamamoto', 'Khan', 'Okafor', 'Novak', 'Kowalski', 'Larsen', 'Brennan', 'Doyle',
];

export const KR_GIVEN = ['Minjun', 'Seoyeon', 'Jiho', 'Jiwoo', 'Hyunwoo', 'Soyeon', 'Dohyun', 'Yuna', 'Jaehyun', 'Eunji', 'Sungmin', 'Hayoon', 'Joonho', 'Minseo', 'Taeyang', 'Jisoo'];
export const KR_FAMILY = ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim', 'Han', 'Oh', 'Seo', 'Shin'];
export const DE_GIVEN = ['Lukas', 'Anna', 'Felix', 'Lea', 'Jonas', 'Laura', 'Maximilian', 'Sophie', 'Leon', 'Marie', 'Paul', 'Hannah', 'Tobias', 'Katharina', 'Florian', 'Julia'];
export const DE_FAMILY = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Braun'];
export const IN_GIVEN = ['Aarav', 'Ananya', 'Vihaan', 'Diya', 'Arjun', 'Isha', 'Rohan', 'Kavya', 'Aditya', 'Meera', 'Karthik', 'Sneha', 'Rahul', 'Pooja', 'Vikram', 'Lakshmi', 'Siddharth', 'Divya'];
export const IN_FAMILY = ['Sharma', 'Patel', 'Reddy', 'Iyer', 'Nair', 'Rao', 'Gupta', 'Kumar', 'Menon', 'Hegde', 'Shetty', 'Krishnan', 'Joshi', 'Bhat', 'Pillai'];

export const US_STREET_NAMES = [
  'Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Walnut', 'Willow', 'Birch', 'Spruce', 'Magnolia', 'Hickory', 'Sycamore',
  'Lake', 'Hill', 'Park', 'Washington', 'Lincoln', 'Jefferson', 'Madison', 'Franklin', 'Highland', 'Sunset',
  'Ridge', 'Meadow', 'Forest', 'River', 'Spring', 'Valley', 'Church', 'Main', 'Mill', 'Center', 'Prospect',
  'Chestnut', 'Dogwood', 'Laurel', 'Aspen', 'Juniper', 'Hawthorne', 'Summit', 'Fairview', 'Lakeview', 'Greenwood',
  'Briarwood', 'Woodland', 'Cherry', 'Poplar', 'Jackson', 'Adams', 'Monroe', 'Grant', 'Kingsley', 'Bayview',
];
export const US_STREET_SUFFIX: [string, string][] = [
  ['St', 'Street'], ['Ave', 'Avenue'], ['Dr', 'Drive'], ['Ln', 'Lane'], ['Rd', 'Road'], ['Ct', 'Court'],
  ['Blvd', 'Boulevard'], ['Way', 'Way'], ['Pl', 'Place'], ['Ter', 'Terrace'],
];
export const KR_STREETS = ['Teheran-ro', 'Gangnam-daero', 'Sejong-daero', 'Olympic-ro', 'Dosan-daero', 'Hangang-daero', 'Yeoksam-ro', 'Bongeunsa-ro'];
export const DE_STREETS = ['Kastanienallee', 'Schönhauser Allee', 'Torstraße', 'Invalidenstraße', 'Bergmannstraße', 'Karl-Marx-Allee', 'Oranienstraße', 'Danziger Straße', 'Kopenhagener Straße'];
export const IN_STREETS = ['100 Feet Road, Indiranagar', '80 Feet Road, Koramangala', 'Outer Ring Road, Marathahalli', '27th Main, HSR Layout', 'Sarjapur Road', 'CMH Road, Indiranagar', '9th Cross, JP Nagar', 'Whitefield Main Road'];

export const MAIL_DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'hotmail.com', 'proton.me'];

/** Departments with their titles and head-count weight. */
export const DEPARTMENTS: { name: string; weight: number; titles: string[] }[] = [
  { name: 'Engineering', weight: 38, titles: ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Engineering Manager', 'Site Reliability Engineer', 'Frontend Engineer', 'Backend Engineer', 'QA Engineer'] },
  { name: 'Data', weight: 7, titles: ['Data Engineer', 'Data Scientist', 'Analytics Engineer', 'ML Engineer'] },
  { name: 'Product', weight: 7, titles: ['Product Manager', 'Senior Product Manager', 'Technical Program Manager'] },
  { name: 'Design', weight: 4, titles: ['Product Designer', 'UX Researcher'] },
  { name: 'Sales', weight: 11, titles: ['Account Executive', 'Sales Engineer', 'Sales Development Representative', 'Regional Sales Director'] },
  { name: 'Marketing', weight: 6, titles: ['Marketing Manager', 'Content Strategist', 'Growth Marketer'] },
  { name: 'Customer Support', weight: 9, titles: ['Support Engineer', 'Customer Success Manager', 'Support Team Lead'] },
  { name: 'Finance', weight: 5, titles: ['Accountant', 'Financial Analyst', 'Controller'] },
  { name: 'People', weight: 4, titles: ['Recruiter', 'HR Business Partner', 'People Operations Specialist'] },
  { name: 'IT', weight: 5, titles: ['IT Support Specialist', 'Systems Administrator', 'IT Manager'] },
  { name: 'Legal', weight: 2, titles: ['Counsel', 'Paralegal'] },
  { name: 'Security', weight: 2, titles: ['Security Engineer', 'Security Analyst'] },
];

/** US telephone area codes by state (a few per state); people keep their numbers when they move, so a mismatch is normal. */
export const AREA_CODES: Record<string, string[]> = {
  AL: ['205', '251', '256'], AZ: ['480', '602', '520'], AR: ['501', '479'], CA: ['415', '510', '650', '408', '213', '310', '619', '714', '916', '949'],
  CO: ['303', '720', '719'], CT: ['203', '860'], DC: ['202'], DE: ['302'], FL: ['305', '407', '813', '904', '561', '954', '727'],
  GA: ['404', '470', '678', '770', '912'], ID: ['208'], IL: ['312', '773', '630', '847', '217'], IN: ['317', '219', '812'],
  IA: ['515', '319'], KS: ['316', '913', '785'], KY: ['502', '859'], LA: ['504', '225', '318'], ME: ['207'],
  MD: ['410', '301', '443'], MA: ['617', '508', '781', '978'], MI: ['313', '248', '616', '734'], MN: ['612', '651', '952'],
  MS: ['601', '228'], MO: ['314', '816', '417'], MT: ['406'], NE: ['402', '531'], NV: ['702', '775'], NH: ['603'],
  NJ: ['201', '732', '973', '856'], NM: ['505', '575'], NY: ['212', '718', '646', '917', '516', '585', '716'],
  NC: ['704', '919', '336', '828'], ND: ['701'], OH: ['216', '614', '513', '330', '419'], OK: ['405', '918'],
  OR: ['503', '971', '541'], PA: ['215', '267', '412', '610', '717'], RI: ['401'], SC: ['803', '843', '864'], SD: ['605'],
  TN: ['615', '901', '865', '423'], TX: ['512', '214', '713', '210', '817', '832', '469', '915'], UT: ['801', '385'],
  VT: ['802'], VA: ['703', '571', '804', '757'], WA: ['206', '425', '253', '509'], WV: ['304'], WI: ['414', '608', '920'], WY: ['307'],
};
