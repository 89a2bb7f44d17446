"""Word lists the actor finder reads: known places and organizations, demonyms, titles and cue words.

Plain data, written by hand. The lists hold what news about any country names most often (every country, the
capitals, large cities, regions, international bodies, news agencies); a name not listed here is still found
by its cues ("the town of X", "X Ministry", "Mr X"), so the lists only need to be good at the common names.
Lookups go through `fold` (case, accents and apostrophes folded), except all-capital acronyms, which must
match exactly: "US" is a country, "us" is not.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "”": "'", "‐": "-", "–": "-"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, accents and apostrophe styles folded: "María Elena" and "maria elena" are one key.

    Cached: the actor finder folds every word of every sentence, most of them many times."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _words(block: str) -> list[str]:
    return [line.strip() for line in block.strip().splitlines() if line.strip() and not line.startswith("#")]


COUNTRIES = _words(
    """
    Afghanistan
    Albania
    Algeria
    Andorra
    Angola
    Antigua and Barbuda
    Argentina
    Armenia
    Australia
    Austria
    Azerbaijan
    Bahamas
    Bahrain
    Bangladesh
    Barbados
    Belarus
    Belgium
    Belize
    Benin
    Bhutan
    Bolivia
    Bosnia
    Bosnia and Herzegovina
    Botswana
    Brazil
    Brunei
    Bulgaria
    Burkina Faso
    Burundi
    Cabo Verde
    Cape Verde
    Cambodia
    Cameroon
    Canada
    Central African Republic
    Chad
    Chile
    China
    Colombia
    Comoros
    Congo
    Democratic Republic of Congo
    Democratic Republic of the Congo
    DR Congo
    Costa Rica
    Côte d'Ivoire
    Ivory Coast
    Croatia
    Cuba
    Cyprus
    Czech Republic
    Czechia
    Denmark
    Djibouti
    Dominica
    Dominican Republic
    Ecuador
    Egypt
    El Salvador
    Equatorial Guinea
    Eritrea
    Estonia
    Eswatini
    Swaziland
    Ethiopia
    Fiji
    Finland
    France
    Gabon
    Gambia
    Georgia
    Germany
    Ghana
    Greece
    Grenada
    Guatemala
    Guinea
    Guinea-Bissau
    Guyana
    Haiti
    Honduras
    Hungary
    Iceland
    India
    Indonesia
    Iran
    Iraq
    Ireland
    Israel
    Italy
    Jamaica
    Japan
    Jordan
    Kazakhstan
    Kenya
    Kiribati
    Kosovo
    Kuwait
    Kyrgyzstan
    Laos
    Latvia
    Lebanon
    Lesotho
    Liberia
    Libya
    Liechtenstein
    Lithuania
    Luxembourg
    Madagascar
    Malawi
    Malaysia
    Maldives
    Mali
    Malta
    Marshall Islands
    Mauritania
    Mauritius
    Mexico
    Micronesia
    Moldova
    Monaco
    Mongolia
    Montenegro
    Morocco
    Mozambique
    Myanmar
    Burma
    Namibia
    Nauru
    Nepal
    Netherlands
    Holland
    New Zealand
    Nicaragua
    Niger
    Nigeria
    North Korea
    North Macedonia
    Macedonia
    Norway
    Oman
    Pakistan
    Palau
    Palestine
    Panama
    Papua New Guinea
    Paraguay
    Peru
    Philippines
    Poland
    Portugal
    Qatar
    Romania
    Russia
    Russian Federation
    Rwanda
    Saint Kitts and Nevis
    Saint Lucia
    Samoa
    San Marino
    Saudi Arabia
    Senegal
    Serbia
    Seychelles
    Sierra Leone
    Singapore
    Slovakia
    Slovenia
    Solomon Islands
    Somalia
    Somaliland
    South Africa
    South Korea
    Korea
    South Sudan
    Spain
    Sri Lanka
    Sudan
    Suriname
    Sweden
    Switzerland
    Syria
    Taiwan
    Tajikistan
    Tanzania
    Thailand
    Timor-Leste
    East Timor
    Togo
    Tonga
    Trinidad and Tobago
    Tunisia
    Turkey
    Türkiye
    Turkmenistan
    Tuvalu
    Uganda
    Ukraine
    United Arab Emirates
    UAE
    United Kingdom
    UK
    U.K.
    Britain
    Great Britain
    England
    Scotland
    Wales
    Northern Ireland
    United States
    United States of America
    US
    U.S.
    USA
    America
    Uruguay
    Uzbekistan
    Vanuatu
    Vatican
    Venezuela
    Vietnam
    Yemen
    Zambia
    Zimbabwe
    Gaza
    Gaza Strip
    West Bank
    Crimea
    Donbas
    Greenland
    Puerto Rico
    Hong Kong
    Macau
    Western Sahara
    """
)

CITIES = _words(
    """
    # Capitals
    Kabul
    Tirana
    Algiers
    Luanda
    Buenos Aires
    Yerevan
    Canberra
    Vienna
    Baku
    Manama
    Dhaka
    Minsk
    Brussels
    Porto-Novo
    Cotonou
    Thimphu
    La Paz
    Sucre
    Sarajevo
    Gaborone
    Brasilia
    Brasília
    Sofia
    Ouagadougou
    Bujumbura
    Phnom Penh
    Yaounde
    Yaoundé
    Ottawa
    Bangui
    N'Djamena
    Santiago
    Beijing
    Bogota
    Bogotá
    Kinshasa
    Brazzaville
    San Jose
    Abidjan
    Yamoussoukro
    Zagreb
    Havana
    Nicosia
    Prague
    Copenhagen
    Quito
    Cairo
    San Salvador
    Asmara
    Tallinn
    Addis Ababa
    Helsinki
    Paris
    Libreville
    Banjul
    Tbilisi
    Berlin
    Accra
    Athens
    Guatemala City
    Conakry
    Bissau
    Port-au-Prince
    Tegucigalpa
    Budapest
    Reykjavik
    New Delhi
    Delhi
    Jakarta
    Tehran
    Baghdad
    Dublin
    Jerusalem
    Tel Aviv
    Rome
    Kingston
    Tokyo
    Amman
    Astana
    Nairobi
    Pristina
    Kuwait City
    Bishkek
    Vientiane
    Riga
    Beirut
    Maseru
    Monrovia
    Tripoli
    Vilnius
    Antananarivo
    Lilongwe
    Kuala Lumpur
    Bamako
    Valletta
    Nouakchott
    Mexico City
    Chisinau
    Ulaanbaatar
    Podgorica
    Rabat
    Maputo
    Naypyidaw
    Yangon
    Windhoek
    Kathmandu
    Amsterdam
    The Hague
    Wellington
    Managua
    Niamey
    Abuja
    Pyongyang
    Skopje
    Oslo
    Muscat
    Islamabad
    Panama City
    Asuncion
    Asunción
    Lima
    Manila
    Warsaw
    Lisbon
    Doha
    Bucharest
    Moscow
    Kigali
    Riyadh
    Dakar
    Belgrade
    Freetown
    Bratislava
    Ljubljana
    Mogadishu
    Hargeisa
    Pretoria
    Cape Town
    Seoul
    Juba
    Madrid
    Colombo
    Khartoum
    Paramaribo
    Stockholm
    Bern
    Damascus
    Taipei
    Dushanbe
    Dodoma
    Bangkok
    Dili
    Lome
    Lomé
    Tunis
    Ankara
    Ashgabat
    Kampala
    Kyiv
    Kiev
    Abu Dhabi
    London
    Washington
    Washington DC
    Montevideo
    Tashkent
    Caracas
    Hanoi
    Sanaa
    Aden
    Lusaka
    Harare
    # Large or often-reported cities
    New York
    New York City
    Los Angeles
    Chicago
    Houston
    San Francisco
    Seattle
    Boston
    Miami
    Atlanta
    Dallas
    Philadelphia
    Detroit
    Toronto
    Montreal
    Vancouver
    Sao Paulo
    São Paulo
    Rio de Janeiro
    Shanghai
    Hong Kong
    Shenzhen
    Guangzhou
    Wuhan
    Mumbai
    Kolkata
    Chennai
    Bangalore
    Karachi
    Lahore
    Istanbul
    Dubai
    Jeddah
    Mecca
    Medina
    Alexandria
    Casablanca
    Marrakesh
    Lagos
    Kano
    Johannesburg
    Durban
    Mombasa
    Timbuktu
    Gao
    Mopti
    Kidal
    Agadez
    Goma
    Benghazi
    Misrata
    Aleppo
    Homs
    Idlib
    Mosul
    Basra
    Erbil
    Kandahar
    Herat
    Gaza City
    Rafah
    Khan Younis
    Ramallah
    Haifa
    Odesa
    Odessa
    Kharkiv
    Mariupol
    Donetsk
    Luhansk
    Lviv
    St Petersburg
    Saint Petersburg
    Munich
    Frankfurt
    Hamburg
    Milan
    Naples
    Barcelona
    Marseille
    Lyon
    Geneva
    Zurich
    Strasbourg
    Manchester
    Birmingham
    Edinburgh
    Glasgow
    Belfast
    Sydney
    Melbourne
    Auckland
    Osaka
    Busan
    Ho Chi Minh City
    Singapore
    Davos
    """
)

REGIONS = _words(
    """
    Africa
    West Africa
    East Africa
    North Africa
    Southern Africa
    Central Africa
    Sub-Saharan Africa
    Horn of Africa
    Sahel
    Sahara
    Maghreb
    Middle East
    Near East
    Gulf
    Persian Gulf
    Arabian Peninsula
    Levant
    Europe
    Western Europe
    Eastern Europe
    Central Europe
    Balkans
    Baltics
    Scandinavia
    Caucasus
    Central Asia
    South Asia
    Southeast Asia
    East Asia
    Asia
    Asia-Pacific
    Pacific
    Atlantic
    Indian Ocean
    Mediterranean
    Red Sea
    Black Sea
    Caribbean
    Latin America
    South America
    North America
    Central America
    Amazon
    Arctic
    Antarctica
    Lake Chad
    Niger River
    Nile
    Kashmir
    Kurdistan
    Darfur
    Tigray
    Siberia
    Patagonia
    Atacama
    Andes
    Himalayas
    """
)

ORGANIZATIONS = _words(
    """
    # International bodies
    United Nations
    UN
    U.N.
    United Nations Security Council
    UN Security Council
    Security Council
    UN General Assembly
    General Assembly
    UN Human Rights Council
    UNHCR
    UNICEF
    UNESCO
    World Health Organization
    WHO
    World Food Programme
    WFP
    International Monetary Fund
    IMF
    World Bank
    World Trade Organization
    WTO
    International Criminal Court
    ICC
    International Court of Justice
    ICJ
    International Atomic Energy Agency
    IAEA
    International Labour Organization
    ILO
    MINUSMA
    MONUSCO
    European Union
    EU
    European Commission
    European Council
    Council of the European Union
    European Parliament
    European Central Bank
    NATO
    African Union
    AU
    Economic Community of West African States
    ECOWAS
    Southern African Development Community
    SADC
    G5 Sahel
    Arab League
    ASEAN
    OPEC
    OSCE
    Organization of American States
    Commonwealth
    G7
    G20
    BRICS
    Red Cross
    International Committee of the Red Cross
    ICRC
    Red Crescent
    Amnesty International
    Human Rights Watch
    Doctors Without Borders
    Médecins Sans Frontières
    MSF
    Oxfam
    Save the Children
    Greenpeace
    Interpol
    Europol
    # Governments and agencies often named bare
    White House
    Kremlin
    Pentagon
    State Department
    Foreign Office
    Downing Street
    Elysee
    Élysée
    Congress
    Senate
    House of Representatives
    Parliament
    Supreme Court
    FBI
    CIA
    NSA
    NASA
    Federal Reserve
    Bank of England
    # News organizations
    Reuters
    Associated Press
    AP
    AFP
    Agence France-Presse
    Agence France Presse
    Bloomberg
    BBC
    CNN
    Al Jazeera
    Xinhua
    TASS
    RIA Novosti
    Anadolu
    Press TV
    Fox News
    NBC
    CBS
    ABC
    NPR
    Sky News
    Deutsche Welle
    France 24
    RFI
    New York Times
    Washington Post
    Wall Street Journal
    Financial Times
    Guardian
    Daily Mail
    Le Monde
    Twitter
    Facebook
    # Armed groups
    Taliban
    Hamas
    Hezbollah
    Islamic State
    ISIS
    ISIL
    al-Qaeda
    Al-Qaeda
    al-Shabaab
    Al-Shabaab
    Boko Haram
    Wagner
    Wagner Group
    JNIM
    """
)

# Long form of an acronym, for acronyms that do not spell their long form's initials or whose long form the
# text may not give beside them. The actor finder also links "Long Form (LF)" pairs it reads in the text.
ACRONYMS = {
    "UN": "United Nations",
    "U.N.": "United Nations",
    "EU": "European Union",
    "AU": "African Union",
    "ECOWAS": "Economic Community of West African States",
    "SADC": "Southern African Development Community",
    "WHO": "World Health Organization",
    "WFP": "World Food Programme",
    "IMF": "International Monetary Fund",
    "WTO": "World Trade Organization",
    "ICC": "International Criminal Court",
    "ICJ": "International Court of Justice",
    "IAEA": "International Atomic Energy Agency",
    "ILO": "International Labour Organization",
    "ICRC": "International Committee of the Red Cross",
    "MSF": "Doctors Without Borders",
    "AP": "Associated Press",
    "AFP": "Agence France-Presse",
    "US": "United States",
    "U.S.": "United States",
    "USA": "United States",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "UAE": "United Arab Emirates",
    "ISIL": "Islamic State",
    "ISIS": "Islamic State",
}

# Adjectives of nationality, region or faith, and their plural nouns. They describe ("Malian soldiers",
# "Norwegians should stay at home") rather than name an actor, so they are never actors on their own.
DEMONYMS = _words(
    """
    Afghan
    African
    Albanian
    Algerian
    American
    Angolan
    Arab
    Argentine
    Argentinian
    Armenian
    Asian
    Australian
    Austrian
    Azerbaijani
    Bangladeshi
    Belarusian
    Belgian
    Beninese
    Bolivian
    Bosnian
    Brazilian
    British
    Bulgarian
    Burkinabe
    Burkinabè
    Burmese
    Burundian
    Cambodian
    Cameroonian
    Canadian
    Chadian
    Chilean
    Chinese
    Colombian
    Congolese
    Croatian
    Cuban
    Cypriot
    Czech
    Danish
    Dutch
    Ecuadorian
    Egyptian
    Emirati
    English
    Eritrean
    Estonian
    Ethiopian
    European
    Filipino
    Finnish
    French
    Gabonese
    Gambian
    Georgian
    German
    Ghanaian
    Greek
    Guatemalan
    Guinean
    Haitian
    Honduran
    Hungarian
    Icelandic
    Indian
    Indonesian
    Iranian
    Iraqi
    Irish
    Israeli
    Italian
    Ivorian
    Jamaican
    Japanese
    Jordanian
    Kazakh
    Kenyan
    Korean
    Kosovar
    Kurdish
    Kuwaiti
    Latvian
    Lebanese
    Liberian
    Libyan
    Lithuanian
    Malagasy
    Malawian
    Malaysian
    Malian
    Maltese
    Mauritanian
    Mexican
    Moldovan
    Mongolian
    Moroccan
    Mozambican
    Namibian
    Nepalese
    Nigerian
    Nigerien
    Norwegian
    Pakistani
    Palestinian
    Panamanian
    Paraguayan
    Persian
    Peruvian
    Polish
    Portuguese
    Qatari
    Romanian
    Russian
    Rwandan
    Saudi
    Scottish
    Senegalese
    Serbian
    Sierra Leonean
    Slovak
    Slovenian
    Somali
    South African
    South Korean
    North Korean
    South Sudanese
    Spanish
    Sri Lankan
    Sudanese
    Swedish
    Swiss
    Syrian
    Taiwanese
    Tajik
    Tanzanian
    Thai
    Togolese
    Tunisian
    Turkish
    Ugandan
    Ukrainian
    Uruguayan
    Uzbek
    Venezuelan
    Vietnamese
    Welsh
    Yemeni
    Zambian
    Zimbabwean
    West African
    East African
    North African
    Central African
    Sub-Saharan
    Sahelian
    Middle Eastern
    Latin American
    Western
    Eastern
    Northern
    Southern
    Islamic
    Islamist
    Muslim
    Christian
    Catholic
    Protestant
    Jewish
    Hindu
    Buddhist
    Sunni
    Shia
    Shiite
    Shi'ite
    Tuareg
    Fulani
    Peul
    Dogon
    Bambara
    Arabic
    Takfiri
    Jihadi
    Jihadist
    Salafi
    Salafist
    Republican
    Democrat
    Democratic
    Conservative
    Labour
    Socialist
    Communist
    """
)


# Plurals name people of a nationality ("Norwegians should stay at home"); adding "s" to every adjective also
# makes forms no text uses ("Frenchs"), which cost nothing.
DEMONYM_FORMS = frozenset(
    fold(w) for w in [*DEMONYMS, *(w + "s" for w in DEMONYMS), "Brits", "Britons", "Danes", "Frenchmen", "Swedes"]
)

# Titles and offices, as the head of a role: "Prime Minister Boubou Cisse", "finance minister Abdoulaye Daffe",
# "Stephane Dujarric, spokesperson for Mr Guterres". Matched folded; "prime" and "finance" are modifiers below.
TITLE_HEADS = frozenset(
    fold(w)
    for w in _words(
        """
        President
        Vice-President
        President-elect
        Premier
        Minister
        Chancellor
        Secretary
        Secretary-General
        Director-General
        Undersecretary
        Spokesman
        Spokeswoman
        Spokesperson
        Leader
        Head
        Chief
        Chairman
        Chairwoman
        Chair
        Chairperson
        Director
        Coordinator
        Commissioner
        Envoy
        Ambassador
        Consul
        Diplomat
        Governor
        Mayor
        Senator
        Congressman
        Congresswoman
        Representative
        Lawmaker
        MP
        Deputy
        Speaker
        King
        Queen
        Prince
        Princess
        Emir
        Sultan
        Sheikh
        Pope
        Cardinal
        Archbishop
        Bishop
        Imam
        Rabbi
        Pastor
        Reverend
        Rev
        Cmdr
        Supt
        Gov
        Sen
        Judge
        Prosecutor
        Attorney
        Attorney-General
        Lawyer
        Commander
        Captain
        Capt
        General
        Gen
        Colonel
        Col
        Lieutenant
        Lt
        Major
        Maj
        Sergeant
        Sgt
        Corporal
        Private
        Admiral
        Marshal
        Officer
        Inspector
        Superintendent
        Detective
        Sheriff
        Official
        CEO
        Executive
        Founder
        Manager
        Coach
        Editor
        Correspondent
        Reporter
        Journalist
        Photographer
        Columnist
        Analyst
        Economist
        Researcher
        Scientist
        Professor
        Prof
        Doctor
        Engineer
        Activist
        Driller
        Miner
        Fisherman
        Farmer
        Teacher
        Nurse
        Student
        Driver
        Pilot
        Firefighter
        Soldier
        Worker
        Chef
        Mediator
        Negotiator
        Adviser
        Advisor
        Aide
        Counsel
        Candidate
        Owner
        Prefect
        Magistrate
        Councillor
        Councilor
        Legislator
        Delegate
        """
    )
)

# Words that may stand before a title head inside a role: "Prime Minister", "finance minister", "opposition
# leader", "Union leader", "special envoy". Matched folded.
TITLE_MODIFIERS = frozenset(
    fold(w)
    for w in _words(
        """
        Prime
        Vice
        Deputy
        Acting
        Interim
        Former
        First
        Chief
        Senior
        Special
        General
        Executive
        Managing
        Assistant
        Associate
        Foreign
        Finance
        Interior
        Defence
        Defense
        Justice
        Health
        Mining
        Mines
        Energy
        Oil
        Transport
        Education
        Economy
        Economic
        Trade
        Labour
        Labor
        Agriculture
        Environment
        Culture
        Sports
        Home
        Security
        Information
        Communications
        Affairs
        Policy
        Opposition
        Union
        Party
        Rebel
        Army
        Military
        Police
        Fire
        Rescue
        Press
        Team
        Campaign
        Election
        Regional
        State
        National
        Federal
        Local
        Provincial
        District
        Municipal
        Government
        Shadow
        Junta
        Coup
        Protest
        Community
        Religious
        Tribal
        Court
        Supreme
        Crown
        Public
        Legal
        Political
        Military
        Medical
        Senior
        Top
        Lead
        """
    )
)

# Before a name these are how the text addresses a person, not a role: they join the surface form
# ("Mr Keita") and say "person", and "Mr"/"Ms" keep two people of one surname apart when the text says which.
HONORIFICS = frozenset(fold(w) for w in ["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", "Lord", "Lady"])

# A capitalized word that ends an organization's name: "Ministry of Internal Security", "Norwegian Embassy".
ORGANIZATION_WORDS = frozenset(
    fold(w)
    for w in _words(
        """
        Ministry
        Department
        Office
        Council
        Commission
        Committee
        Agency
        Authority
        Service
        Services
        Bureau
        Directorate
        Administration
        Embassy
        Consulate
        Union
        Federation
        Confederation
        Association
        Alliance
        Coalition
        Front
        Movement
        Party
        Army
        Forces
        Force
        Navy
        Guard
        Brigade
        Battalion
        Regiment
        Police
        Gendarmerie
        Bank
        Fund
        Foundation
        Institute
        Institution
        University
        College
        Academy
        School
        Hospital
        Clinic
        Church
        Court
        Tribunal
        Parliament
        Assembly
        Senate
        Congress
        Cabinet
        Government
        Company
        Corporation
        Corp
        Inc
        Ltd
        LLC
        PLC
        Group
        Holdings
        Industries
        Enterprises
        Airlines
        Airways
        Railways
        Exchange
        Network
        News
        Times
        Post
        Herald
        Journal
        Gazette
        Tribune
        Telegraph
        Courier
        Daily
        Weekly
        Monitor
        Observer
        Standard
        Express
        Mirror
        Chronicle
        Star
        Independent
        Inquirer
        Bulletin
        Examiner
        Wire
        Magazine
        Press
        Radio
        Television
        TV
        Broadcasting
        Media
        Organisation
        Organization
        Organizations
        Community
        Society
        Club
        League
        Board
        Secretariat
        Mission
        Observatory
        Centre
        Center
        Network
        Watch
        International
        Cross
        Crescent
        Brotherhood
        Research
        Economics
        Consulting
        Partners
        Analytics
        Logistics
        Shipping
        Motors
        Systems
        Technologies
        Solutions
        Pharmaceuticals
        Energy
        Mining
        Resources
        Petroleum
        Oil
        Gas
        Electric
        Telecom
        Communications
        Insurance
        Securities
        Investments
        Capital
        Labs
        Software
        Studios
        Entertainment
        Foods
        Brands
        Trust
        """
    )
)

# A capitalized word that opens an organization's name before "of": "Ministry of Defence", "University of X".
ORGANIZATION_OPENERS = frozenset(
    fold(w)
    for w in _words(
        """
        Ministry
        Department
        Office
        Council
        Commission
        Committee
        Agency
        Bank
        University
        College
        Academy
        Institute
        Federation
        Confederation
        Union
        Association
        Organisation
        Organization
        Community
        Court
        Parliament
        Assembly
        Board
        Bureau
        Church
        Party
        Movement
        Front
        Society
        House
        Chamber
        Secretariat
        Mission
        Republic
        Kingdom
        Emirate
        """
    )
)

# Lower-case nouns that, right after a name, say what it names: "the M5-RFP coalition", "Sebenikoro
# neighbourhood", "the Santa Inés mine".
ORGANIZATION_NOUNS_AFTER = frozenset(
    [
        "coalition",
        "movement",
        "party",
        "group",
        "alliance",
        "militia",
        "organisation",
        "organization",
        "company",
        "firm",
        "agency",
        "bloc",
        "union",
        "newspaper",
        "broadcaster",
        "network",
        "ministry",
        "government",
        "council",
        "committee",
        "charity",
        "airline",
        "bank",
        "insurgents",
        "rebels",
    ]
)
PLACE_NOUNS_AFTER = frozenset(
    [
        "neighbourhood",
        "neighborhood",
        "district",
        "region",
        "province",
        "state",
        "county",
        "municipality",
        "suburb",
        "area",
        "village",
        "town",
        "city",
        "valley",
        "mine",
        "mines",
        "airport",
        "border",
        "camp",
        "barracks",
        "prison",
        "port",
        "harbour",
        "harbor",
        "desert",
        "river",
        "lake",
        "mountains",
        "coast",
        "peninsula",
        "island",
        "islands",
        "oasis",
        "base",
        "canal",
        "bridge",
        "road",
        "street",
        "square",
        "station",
        "dam",
        "crossing",
        "junction",
        "terminal",
        "terminals",
        "motorway",
        "highway",
    ]
)
# Lower-case nouns right before a name that say it names an organization: "environmental group Legambiente",
# "the maintenance contractor Ferrovie Tecniche Padane", "news agency Reuters".
ORGANIZATION_NOUNS_BEFORE = frozenset(
    [
        "group",
        "company",
        "firm",
        "contractor",
        "operator",
        "carrier",
        "airline",
        "agency",
        "broadcaster",
        "newspaper",
        "daily",
        "outlet",
        "charity",
        "organisation",
        "organization",
        "insurer",
        "bank",
        "lender",
        "manufacturer",
        "maker",
        "retailer",
        "conglomerate",
        "startup",
        "movement",
        "militia",
        "alliance",
        "bloc",
        "coalition",
        "regulator",
        "watchdog",
        "network",
        "supplier",
        "subsidiary",
        "giant",
        "service",
        "consultancy",
        "publisher",
        "broker",
        "exporter",
        "importer",
        "producer",
        "developer",
        "startup",
        "team",
        "club",
    ]
)
# Head nouns of an apposition that say the name before it is an organization: "ECOWAS, a political and economic
# union of 15 countries", "Mercitalia, the freight arm of the state railway group".
ORGANIZATION_APPOSITION_NOUNS = ORGANIZATION_NOUNS_BEFORE | frozenset(
    ["arm", "unit", "body", "union", "party", "authority", "ministry", "department", "association", "federation"]
)
# A capitalized word that ends a place name: "Atacama Desert", "Weir Road", "Kessel Bridge".
PLACE_WORDS = frozenset(
    fold(w)
    for w in _words(
        """
        Street
        St
        Road
        Rd
        Avenue
        Ave
        Boulevard
        Lane
        Square
        Place
        Bridge
        Tunnel
        River
        Lake
        Sea
        Ocean
        Bay
        Gulf
        Strait
        Channel
        Canal
        Island
        Islands
        Peninsula
        Mountain
        Mountains
        Mount
        Hill
        Hills
        Valley
        Desert
        Forest
        Park
        Airport
        Harbour
        Harbor
        Port
        Station
        Province
        Region
        District
        County
        State
        Territory
        Coast
        Beach
        Heights
        Plateau
        Basin
        Delta
        Falls
        Dam
        Canyon
        Plaza
        Mall
        Stadium
        Arena
        Palace
        Tower
        Building
        """
    )
)
# Lower-case words before a name that say it names a place: "the town of Kati", "the capital Bamako".
PLACE_NOUNS_BEFORE = frozenset(
    [
        "town",
        "city",
        "village",
        "capital",
        "region",
        "province",
        "district",
        "state",
        "neighbourhood",
        "neighborhood",
        "suburb",
        "island",
        "port",
        "county",
        "municipality",
        "country",
        "republic",
        "kingdom",
    ]
)

# Capitalized words that are never names on their own and end a capitalized run when they follow one.
WEEKDAYS_MONTHS = frozenset(
    fold(w)
    for w in _words(
        """
        Monday
        Tuesday
        Wednesday
        Thursday
        Friday
        Saturday
        Sunday
        January
        February
        March
        April
        May
        June
        July
        August
        September
        October
        November
        December
        Jan
        Feb
        Mar
        Apr
        Jun
        Jul
        Aug
        Sep
        Sept
        Oct
        Nov
        Dec
        Christmas
        Easter
        Ramadan
        Eid
        Today
        Tonight
        Yesterday
        Tomorrow
        """
    )
)

# Last words of capitalized runs that name an event, a law or a thing, not an actor: "World War II",
# "the Paris Agreement", "Covid-19".
NON_ACTOR_WORDS = frozenset(
    fold(w)
    for w in _words(
        """
        War
        Cup
        Games
        Olympics
        Championship
        Day
        Week
        Act
        Bill
        Law
        Treaty
        Accord
        Accords
        Agreement
        Declaration
        Charter
        Constitution
        Protocol
        Prize
        Award
        Awards
        Summit
        Conference
        Festival
        Election
        Elections
        Coup
        Revolution
        Spring
        Covid
        Covid-19
        COVID-19
        Coronavirus
        Ebola
        Internet
        Bible
        Koran
        Quran
        God
        Allah
        Jihad
        Operation
        Plan
        Program
        Programme
        Project
        Initiative
        Index
        Report
        Survey
        """
    )
)

# Capitalized only because they open a sentence: a run that starts with one of these drops it ("Both the UN",
# "However Keita"). Function words come from words.STOPWORDS; a word the cluster also writes in lower case is
# dropped the same way, so this list only needs the usual openers that may not recur in lower case.
SENTENCE_OPENERS = frozenset(
    fold(w)
    for w in _words(
        """
        However
        Meanwhile
        Moreover
        Nevertheless
        Nonetheless
        Furthermore
        Instead
        Still
        Yet
        Also
        Another
        Both
        Either
        Neither
        Many
        Several
        Most
        Much
        Every
        Each
        Few
        Following
        After
        Before
        During
        Despite
        Although
        Though
        While
        Since
        Until
        Unless
        Whether
        Earlier
        Later
        Last
        Next
        First
        Second
        Third
        Finally
        Ultimately
        Eventually
        Overall
        Yes
        No
        Please
        Thank
        Thanks
        Here
        There
        Now
        Then
        Today
        Tonight
        Yesterday
        Tomorrow
        Asked
        According
        Like
        Unlike
        Among
        Amid
        Within
        Without
        Across
        Along
        Around
        Behind
        Beyond
        Near
        Inside
        Outside
        Even
        Only
        Just
        Perhaps
        Maybe
        Indeed
        Already
        Soon
        Again
        Once
        Such
        Whatever
        Whoever
        Why
        How
        What
        Where
        When
        Who
        Which
        """
    )
)
