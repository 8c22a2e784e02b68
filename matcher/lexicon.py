"""Multilingual (EN/FR/ES) vocabulary of ICT-security capacity building, mapped to concept tokens.

Each entry starts with a header line ``= token @topic-slug +support-slug`` followed by lines of
variants separated by ``;``. Variants are written naturally, with accents, articles and hyphens;
``matcher.text`` folds them (lower case, no accents, no punctuation, simple plurals) and drops the
function words listed in ``FILLERS`` between the words of a phrase, so "Convenio de Budapest",
"Budapest Convention" and "convention de Budapest" all become the token ``budapest_convention``.

Topic tags (``@``) say which taxonomy topics a concept is evidence of; they are used to infer the
topics of a record from its text. Support tags (``+``) do the same for support types. Tags are kept
for concepts that are specific enough: "training" names a support type, not the "professional
training" topic. A ``~`` marks a generic concept (government, national, framework, ...): it still
joins languages, but it is not weighted up like the specific field concepts are. Keep entries
general field vocabulary, never wording copied from one record.
"""

from __future__ import annotations

#: Function words skipped between the words of a phrase (folded EN/FR/ES articles and particles;
#: "s" is what is left of an English possessive once the apostrophe is gone).
_FILLER_TEXT = """
    a an the of and for to on in with by its their s
    de des du la le les d l aux au et pour en sur dans par un une
    del el los las al y para con lo
    """
FILLERS = frozenset(_FILLER_TEXT.split())

LEXICON = """
# ---------------------------------------------------------------- incident response
= csirt @incident-response
csirt; csirts; cert; certs; cirt; cirts; cert national; national cert; national csirt
computer emergency response team; computer security incident response team
computer incident response team; incident response team; cyber incident response team
équipe de réponse aux incidents; équipe nationale de réponse aux incidents
équipe de réponse aux incidents de sécurité informatique; centre de réponse aux incidents
équipe d'intervention en cas d'incident; centre d'alerte et de réaction aux attaques informatiques
equipo de respuesta a incidentes; equipo de respuesta ante incidentes
equipo de respuesta a incidentes de seguridad informática; centro de respuesta a incidentes
equipos de respuesta a incidentes
= incident_response @incident-response
incident response; incident handling; incident management; incident handler; incident handlers
incident responder; incident responders; responding to incidents
réponse aux incidents; gestion des incidents; traitement des incidents; gestion d'incidents
respuesta a incidentes; gestión de incidentes; manejo de incidentes; tratamiento de incidentes
respuesta ante incidentes
= incident
incident; incidents; security incident; cyber incident; cyberincident; incidente; incidentes
incidente de seguridad; incident de sécurité; ciberincidente
= soc @incident-response
soc; security operations centre; security operations center; security operation centre
centre des opérations de sécurité; centre opérationnel de sécurité; centre d'opérations de sécurité
centro de operaciones de seguridad; centro de operaciones de ciberseguridad
security operations function
= siem @security-controls
siem; security information and event management; event correlation; log correlation
corrélation des événements; correlación de eventos
= log
log; logs; logging; log analysis; journaux; journalisation; journal d'événements
registros de eventos; bitácoras; análisis de registros
= analyst
analyst; analysts; analyste; analystes; analista; analistas
= monitoring
monitoring; monitor; continuous monitoring; surveillance; supervision; supervise
surveiller; monitoreo; monitorear; monitoreo continuo; vigilancia; supervisar; supervisión
= detection
detection; detect; detection rules; use cases; détection; détecter; detección; detectar; yara
= alert
alert; alerts; alerting; alerte; alertes; alerta; alertas; alarm
= triage
triage; prioritisation; prioritization; tri; triaje; priorización; clasificación y priorización
= escalation
escalation; escalate; escalade; escalada; escalar
= malware
malware; malicious software; malicious code; logiciel malveillant; logiciels malveillants
maliciel; software malicioso; código malicioso; programa malicioso; programas maliciosos
= ransomware
ransomware; rançongiciel; rançongiciels; logiciel de rançon; secuestro de datos
= reverse_engineering
reverse engineering; rétro-ingénierie; rétro ingénierie; ingeniería inversa; ghidra
= playbook
playbook; playbooks; runbook; runbooks; standard operating procedures; operating procedures
procédures opérationnelles; procedimientos operativos; manual de procedimientos
= procedure ~
procedure; procedures; procédure; procédures; procedimiento; procedimientos
= ticketing
ticketing; ticket; tickets; incident tracking; case management; ticketing tool; rtir; thehive
gestion des tickets; outil de gestion des tickets; sistema de tickets; gestión de casos
= service_catalogue
services catalogue; service catalogue; catalogue of services; catalogue de services
catálogo de servicios
= red_team
red team; red teaming; red-team; équipe rouge; equipo rojo
= cyber_range
cyber range; cyberrange; champ de tir cyber; plateforme d'entraînement cyber; ciberrango

# ---------------------------------------------------------------- threat intelligence
= threat_intelligence @threat-intelligence
threat intelligence; cyber threat intelligence; cti; renseignement sur les menaces
renseignement sur la menace; renseignement cyber; inteligencia de amenazas
inteligencia sobre amenazas; inteligencia de ciberamenazas
= information_sharing @threat-intelligence
information sharing; threat information sharing; sharing of threat information
information exchange; information exchanges; share information
partage d'informations; partage d'information; échange d'informations; échanges d'informations
intercambio de información; compartir información; intercambio de informaciones
= sharing
share; sharing; shared; partager; partage; partagé; compartir; compartido; intercambio
intercambiar; échange; échanges; échanger
= indicators_of_compromise @threat-intelligence
indicators of compromise; indicator of compromise; ioc; iocs; indicateurs de compromission
indicadores de compromiso; indicador de compromiso
= misp @threat-intelligence
misp
= tlp @threat-intelligence
tlp; traffic light protocol
= threat
threat; threats; threat landscape; menace; menaces; amenaza; amenazas; panorama de amenazas
= early_warning
early warning; early warnings; alerte précoce; alertes précoces; alerta temprana
alertas tempranas

# ---------------------------------------------------------------- security controls, standards
= cybersecurity ~
cybersecurity; cyber security; cyber-security; cybersécurité; ciberseguridad; cyber
seguridad cibernética; information security; infosec; sécurité de l'information
sécurité informatique; sécurité des systèmes d'information; seguridad de la información
seguridad informática; security of information
= security ~
security; secure; securing; sécurité; sécuriser; sécurisé; seguridad; seguro; asegurar
= security_controls @security-controls
security controls; security control; technical controls; technical security controls
contrôles de sécurité; mesures de sécurité; controles de seguridad; medidas de seguridad
cis controls; minimum set of security controls
= baseline @security-controls
baseline; security baseline; minimum baseline; baseline of controls; socle de sécurité
socle minimal; référentiel minimal; línea base; línea base de seguridad; línea de base
= security_requirements
security requirements; minimum requirements; minimum security requirements
exigences de sécurité; exigences minimales; exigences minimales de sécurité
requisitos de seguridad; requisitos mínimos; requisitos mínimos de seguridad
= mfa @security-controls
mfa; 2fa; multi-factor authentication; multifactor authentication; two-factor authentication
authentification multifacteur; authentification à deux facteurs; double authentification
autenticación multifactor; autenticación de dos factores; doble factor de autenticación
= patching @security-controls
patch; patches; patching; patch management; unpatched; software updates; security updates
correctif; correctifs; gestion des correctifs; mises à jour de sécurité; parche; parches
parcheo; gestión de parches; actualizaciones de seguridad
= backup
backup; backups; offline backup; offline backups; back up; sauvegarde; sauvegardes
copie de sauvegarde; copies de sauvegarde; copia de seguridad; copias de seguridad
respaldo; respaldos
= access_management @security-controls
identity and access management; iam; access control; access management; privileged access
gestion des identités et des accès; contrôle d'accès; gestión de identidades y accesos
control de acceso; control de accesos
= admin_account
administrator accounts; administrator account; admin accounts; privileged accounts
comptes administrateur; comptes d'administrateur; cuentas de administrador
= hardening @security-controls
hardening; secure configuration; secure configurations; durcissement; configuration sécurisée
configuración segura; bastionado
= asset_inventory
asset inventory; inventory of assets; inventaire des actifs; inventario de activos
= firewall
firewall; firewalls; pare-feu; cortafuegos
= network_segmentation @security-controls
network segmentation; segmentation; segmentation du réseau; segmentación de red; segmentación
= penetration_testing @security-controls
penetration test; penetration tests; penetration testing; pentest; pentests; pen test
ethical hacking; test d'intrusion; tests d'intrusion; test de pénétration
prueba de penetración; pruebas de penetración; test de penetración; hacking ético
= vulnerability
vulnerability; vulnerabilities; vulnerable; flaw; flaws; weakness; weaknesses
vulnérabilité; vulnérabilités; faille; failles; vulnerabilidad; vulnerabilidades; fallo; fallos
vulnerability assessment; évaluation des vulnérabilités; evaluación de vulnerabilidades
análisis de vulnerabilidades; vulnerability scanning
= audit
audit; audits; auditing; auditor; auditors; auditoría; auditorías; auditar; auditer
inspection; inspections; contrôle sur place
= risk
risk; risks; risk assessment; risk analysis; risk management; risque; risques
évaluation des risques; analyse des risques; gestion des risques; riesgo; riesgos
evaluación de riesgos; análisis de riesgos; gestión de riesgos
= isms @standards
iso 27001; iso iec 27001; 27001; isms; information security management system
système de management de la sécurité de l'information; smsi
sistema de gestión de seguridad de la información; sgsi
= standard @standards
standard; standards; international standards; estándar; estándares; normes techniques
normes internationales; normas técnicas
= cloud
cloud; cloud computing; cloud services; informatique en nuage; nuage; nube
computación en la nube; servicios en la nube
= data_centre
data centre; data centres; data center; data centers; centre de données
centres de données; centro de datos; centros de datos
= encryption @data-security
encryption; encrypt; encrypted; cryptography; cryptographic; chiffrement; chiffrer
cryptographie; cryptographique; cifrado; cifrar; criptografía; criptográfico
= pki @data-security
public key infrastructure; pki; certification authority; certificate authority; root ca
root certification authority; infrastructure à clés publiques; infrastructure de clés publiques
igc; autorité de certification; infraestructura de clave pública; infraestructura de clave publica
autoridad de certificación; autoridad certificadora
= electronic_signature @data-security
electronic signature; electronic signatures; e-signature; e-signatures; digital signature
digital signatures; qualified electronic signatures; signature électronique
signatures électroniques; signature numérique; firma electrónica; firmas electrónicas
firma digital; firmas digitales
= hsm @data-security
hsm; hsms; hardware security module; hardware security modules; module matériel de sécurité
módulo de seguridad de hardware
= digital_certificate
digital certificate; digital certificates; certificate policies; certificate policy
certificat numérique; certificats numériques; politique de certification
certificado digital; certificados digitales; política de certificación
= trust_service
trust service; trust services; trust service providers; prestataire de services de confiance
prestataires de services de confiance; servicios de confianza
= email
email; emails; e-mail; e-mails; mail; courriel; courriels; messagerie; courrier électronique
correo; correos; correo electrónico; correos electrónicos
= email_authentication @security-controls
email authentication; spf; dkim; dmarc; authentification des courriels
autenticación del correo; autenticación de correo electrónico
= spoofing
spoofing; spoofed; spoof; impersonate; impersonates; impersonation; usurpation d'identité
usurpation; usurpé; suplantación; suplantar
= phishing
phishing; hameçonnage; filoutage; fraudulent emails; fraudulent email; courriels frauduleux
courriel frauduleux; correos fraudulentos; correo fraudulento; mensajes fraudulentos
= phishing_simulation @awareness +exercises
phishing simulation; phishing simulations; simulated phishing; simulated phishing campaigns
hameçonnage simulé; hameçonnage simulée; campagne d'hameçonnage simulée
campagnes d'hameçonnage simulées; simulation d'hameçonnage; simulación de phishing
phishing simulado; campañas de phishing simulado
= intrusion
intrusion; intrusions; hacking; hacked; piratage; piraté; intrusión; intrusiones; hackeo
= attack
attack; attacks; attacker; attackers; cyberattack; cyberattacks; cyber attack; cyber attacks
attaque; attaques; cyberattaque; cyberattaques; ataque; ataques; ciberataque; ciberataques
= ddos
ddos; denial of service; déni de service; denegación de servicio

# ---------------------------------------------------------------- software and supply chain
= secure_development @supply-chain
secure software development; secure development; secure coding; secure code; devsecops
développement sécurisé; développement logiciel sécurisé; programmation sécurisée
codage sécurisé; desarrollo seguro; desarrollo de software seguro; programación segura
codificación segura
= sbom @supply-chain
sbom; sboms; software bill of materials; software bills of materials
nomenclature logicielle; nomenclatures logicielles; lista de materiales de software
= supply_chain @supply-chain
supply chain; supply-chain; software supply chain; chaîne d'approvisionnement
chaîne logistique; cadena de suministro; cadena de abastecimiento
= threat_modelling
threat modelling; threat modeling; modélisation des menaces; modelado de amenazas
= developer
developer; developers; software developers; développeur; développeurs; desarrollador
desarrolladores; programador; programadores
= software
software; logiciel; logiciels; application; applications; aplicación; aplicaciones
= owasp
owasp; owasp top ten; owasp top 10; injection; sql injection
= procurement
procurement; public procurement; purchasing; procurement officers; marchés publics
achats publics; passation des marchés; contratación pública; compras públicas; adquisiciones
= supplier
supplier; suppliers; vendor; vendors; fournisseur; fournisseurs; proveedor; proveedores

# ---------------------------------------------------------------- critical infrastructure
= critical_infrastructure @critical-infrastructure
critical infrastructure; critical infrastructures; critical information infrastructure
critical information infrastructures; critical national infrastructure; cii; ciip
critical infrastructure protection; vital infrastructure; essential services
operators of essential services; essential service operators; operators of critical infrastructure
infrastructure critique; infrastructures critiques; infrastructures d'importance vitale
infrastructures d'information critiques; infrastructure d'information critique
opérateurs d'importance vitale; opérateur d'importance vitale; services essentiels
opérateurs de services essentiels; protection des infrastructures critiques
infraestructura crítica; infraestructuras críticas; infraestructura crítica de información
infraestructuras críticas de información; servicios esenciales
operadores de servicios esenciales; operadores de infraestructuras críticas
protección de infraestructuras críticas
= energy
energy; electricity; electric; electrical; power sector; power utilities; énergie; électricité
électrique; energía; electricidad; eléctrico; eléctrica; sector eléctrico; sector energético
secteur électrique; secteur de l'énergie
= power_grid
power grid; electricity grid; grid; réseau électrique; red eléctrica
= power_plant
power plant; power plants; power station; power stations; centrale électrique
centrales électriques; central eléctrica; centrales eléctricas
= substation
substation; substations; sous-station; sous-stations; poste électrique; subestación
subestaciones
= water
water; water utilities; water treatment; eau; eaux; agua; aguas; potable water; agua potable
= utility
utility; utilities; utility company; utility companies; distributeur; distributeurs
distribuidora; distribuidoras; empresa de servicios públicos; empresas de servicios públicos
= telecom
telecom; telecoms; telecommunication; telecommunications; telecom operators
télécommunications; télécommunication; télécoms; telecomunicaciones; telecomunicación
= operator ~
operator; operators; opérateur; opérateurs; operador; operadores; exploitant; exploitants
= industrial_control_system @critical-infrastructure @security-controls
industrial control system; industrial control systems; ics; scada; operational technology
ot network; ot networks; ot security; ot incident response; système de contrôle industriel
systèmes de contrôle industriels; systèmes de contrôle-commande; technologie opérationnelle
sistemas de control industrial; sistema de control industrial; tecnología operativa
tecnología operacional
= interdependency
interdependency; interdependencies; dependency; dependencies; dependency mapping
interdépendance; interdépendances; dépendances; interdependencia; interdependencias
dependencias
= financial_sector @critical-infrastructure
financial sector; banking sector; financial institutions; financial services
secteur financier; secteur bancaire; institutions financières; sector financiero
sector bancario; entidades financieras; instituciones financieras
= bank
bank; banks; banking; banque; banques; bancaire; bancaires; banco; bancos; bancario
= central_bank
central bank; central banks; banque centrale; banques centrales; banco central
bancos centrales; financial supervisor; financial supervisors; superintendencia financiera
= payment
payment; payments; payment system; payment systems; payment providers; paiement; paiements
système de paiement; systèmes de paiement; pago; pagos; sistema de pagos; sistemas de pago
= health
health; healthcare; health sector; medical; santé; sanitaire; secteur de la santé; salud
sanitario; sector salud; médico; médicos; médical; clinical; clinique; clínico; clínicas
= hospital
hospital; hospitals; hospitalier; hospitaliers; hôpital; hôpitaux; hospitalario
hospitalarios; hospitalaria; hospitalarias; hospitales
= transport
transport; transportation; transporte; transports; aviation; aviación; ports; puertos
= election @critical-infrastructure
election; elections; electoral; élection; élections; électoral; électorale; elección
elecciones; voter register; voter registration; voter registry; liste électorale
listes électorales; padrón electoral; registro electoral; results transmission
transmission des résultats; transmisión de resultados; vote; votes; voting; votación
= satellite
satellite; satellites; satélite; satélites; ground station; ground stations
station terrestre; estación terrestre

# ---------------------------------------------------------------- internet infrastructure
= ixp @internet-resilience
ixp; ixps; internet exchange point; internet exchange points; internet exchange
point d'échange internet; points d'échange internet; point d'échange de trafic
punto de intercambio de internet; puntos de intercambio de internet
punto de intercambio de tráfico
= routing_security @internet-resilience
routing security; bgp security; bgp filtering; route filtering; rpki; route origin validation
manrs; sécurité du routage; filtrage des routes; filtrage bgp; seguridad del enrutamiento
filtrado de rutas; seguridad de enrutamiento
= bgp @internet-resilience
bgp; border gateway protocol
= routing
routing; route; routes; routage; enrutamiento; ruteo; rutas
= dns @internet-resilience
dns; domain name system; name server; name servers; nameserver; nameservers
serveur de noms; serveurs de noms; servidor de nombres; servidores de nombres
système de noms de domaine; sistema de nombres de dominio
= dnssec @internet-resilience
dnssec
= cctld @internet-resilience
cctld; cctlds; country code top level domain; country-code top-level domain
top level domain; top-level domain; domain registry; domain registries; domain name registry
country code domain; registre de noms de domaine; domaine national de premier niveau
registro de nombres de dominio; dominio de nivel superior; dominio de primer nivel
= domain
domain; domains; domain name; domain names; domaine; domaines; nom de domaine
noms de domaine; dominio; dominios; nombre de dominio; nombres de dominio
= outage
outage; outages; downtime; disruption; disruptions; panne; pannes; coupure; coupures
perturbation; caída; caídas; interrupción; interrupciones; apagón
= resilience
resilience; resilient; résilience; résilient; resiliencia; resiliente; robustness
= submarine_cable @internet-resilience
submarine cable; submarine cables; undersea cable; undersea cables; cable landing station
cable landing stations; câble sous-marin; câbles sous-marins; cable submarino
cables submarinos
= network ~
network; networks; networking; réseau; réseaux; red; redes
= traffic
traffic; trafic; tráfico
= connectivity
connectivity; connectivité; conectividad; internet access; accès à internet; acceso a internet
= internet ~
internet; the internet; l'internet
= continuity
continuity; business continuity; continuity planning; continuité; continuité d'activité
plan de continuité; continuidad; continuidad del negocio; continuidad de operaciones

# ---------------------------------------------------------------- cybercrime, law enforcement
= cybercrime
cybercrime; cybercrimes; cyber crime; computer crime; computer crimes; online crime
cybercriminalité; criminalité informatique; délinquance informatique; infractions informatiques
infraction informatique; cybercriminel; cybercriminels; ciberdelito; ciberdelitos
ciberdelincuencia; delito informático; delitos informáticos; cibercrimen; crimen informático
delitos en línea; ciberdelincuentes
= cybercrime_law @cybercrime-legislation
cybercrime law; cybercrime laws; cybercrime legislation; cybercrime act; cybercrime bill
law on cybercrime; legislation on cybercrime; loi sur la cybercriminalité
législation sur la cybercriminalité; loi relative à la cybercriminalité
loi sur la cybersécurité et la cybercriminalité; ley de ciberdelitos; ley de delitos informáticos
ley sobre ciberdelincuencia; ley de ciberdelincuencia; legislación sobre ciberdelincuencia
legislación sobre ciberdelitos; ley de cibercrimen
= budapest_convention @cybercrime-legislation @international-cooperation
budapest convention; convention on cybercrime; council of europe convention on cybercrime
second additional protocol; convention de budapest; convention sur la cybercriminalité
convenio de budapest; convenio sobre la ciberdelincuencia; convenio sobre ciberdelincuencia
convenio sobre cibercriminalidad
= malabo_convention @cybercrime-legislation
malabo convention; convention de malabo; convenio de malabo
african union convention on cyber security and personal data protection
convention de l'union africaine sur la cybersécurité et la protection des données
= un_cybercrime_convention @cybercrime-legislation @international-cooperation
un convention against cybercrime; united nations convention against cybercrime
convention des nations unies contre la cybercriminalité
convención de las naciones unidas contra la ciberdelincuencia
= legislation
legislation; legislative; law; laws; legal framework; legal basis; statute; loi; lois
législation; législatif; cadre juridique; cadre légal; base légale; ley; leyes; legislación
legislativo; marco jurídico; marco legal; base legal; normativa; texte de loi
= criminal_code
criminal code; penal code; criminal law; code pénal; droit pénal; código penal; derecho penal
= draft_law
draft law; draft bill; bill; draft legislation; projet de loi; avant-projet de loi
anteproyecto de ley; proyecto de ley; anteproyecto
= drafting
drafting; draft; drafts; rédaction; rédiger; redacción; redactar; borrador
= gap_analysis
gap analysis; gap assessment; analyse des écarts; analyse d'écarts; análisis de brechas
análisis de carencias; análisis de deficiencias
= procedural_powers @cybercrime-legislation
procedural powers; procedural law; pouvoirs procéduraux; procédure pénale numérique
procédure pénale; facultades procesales; derecho procesal; poderes procesales
production order; production orders
= data_preservation @cybercrime-legislation
expedited preservation; data preservation; preservation of data; preservation order
preservation orders; preservation requests; conservation rapide des données
conservation des données; conservation de données; conservación de datos
conservación rápida de datos; órdenes de conservación; orden de conservación
preserve data; preserving data; conserver les données; conservar datos; conservar los datos
= mutual_legal_assistance @international-cooperation
mutual legal assistance; mla; entraide judiciaire; entraide judiciaire internationale
entraide pénale internationale; assistance juridique mutuelle; asistencia jurídica mutua
asistencia judicial recíproca; asistencia legal mutua; judicial cooperation
coopération judiciaire; cooperación judicial; central authority; central authorities
autorité centrale; autoridad central
= point_of_contact
point of contact; points of contact; contact point; contact points; 24 7; 24 7 network
point de contact; points de contact; punto de contacto; puntos de contacto
= international_cooperation
international cooperation; cross-border cooperation; foreign counterparts; foreign partners
coopération internationale; coopération transfrontalière; homologues étrangers
cooperación internacional; cooperación transfronteriza; homólogos extranjeros
= service_provider
service provider; service providers; internet service providers; online platforms
fournisseur de services; fournisseurs de services; fournisseurs d'accès; proveedor de servicios
proveedores de servicios
= police @law-enforcement
police; police officers; police force; law enforcement; law enforcement agencies
law enforcement officers; policía; policías; policía nacional; police judiciaire; policier
policiers; forces de l'ordre; gendarmerie; cuerpos policiales; fuerzas del orden
ministry of internal affairs; ministry of interior; ministère de l'intérieur
ministerio del interior
= investigator @law-enforcement
investigator; investigators; criminal investigator; enquêteur; enquêteurs; investigador
investigadores; detective; detectives; officier de police judiciaire
= investigation @law-enforcement
investigation; investigations; investigate; investigating; criminal investigation; enquête
enquêtes; enquêter; investigación penal; investigaciones penales; investigación criminal
investigar; investigación de delitos; investigación de ciberdelitos
= cybercrime_unit @law-enforcement
cybercrime unit; cybercrime units; specialised cybercrime units; cyber crime unit
unité de lutte contre la cybercriminalité; brigade de lutte contre la cybercriminalité
brigade cybercriminalité; unidad de ciberdelitos; unidad de delitos informáticos
policía cibernética; unidad cibernética
= forensics @law-enforcement
forensics; forensic; digital forensics; computer forensics; forensic analysis
investigation numérique; investigations numériques; criminalistique numérique
informatique légale; analyse forensique; forensique; forense; informática forense
análisis forense; forensia; análisis forense digital
= lab
lab; labs; laboratory; laboratories; laboratoire; laboratoires; laboratorio; laboratorios
= electronic_evidence @law-enforcement
electronic evidence; digital evidence; preuve numérique; preuves numériques
preuve électronique; preuves électroniques; prueba electrónica; pruebas electrónicas
evidencia electrónica; evidencia digital; prueba digital; données numériques; datos digitales
= evidence
evidence; preuve; preuves; prueba; pruebas; evidencia; evidencias; valeur probante
admissibility; admisibilidad; recevabilité
= chain_of_custody @law-enforcement
chain of custody; chaîne de possession; chaîne de traçabilité; chaîne de custody
cadena de custodia
= write_blocker @law-enforcement
write blocker; write blockers; bloqueur d'écriture; bloqueurs d'écriture
bloqueador de escritura; bloqueadores de escritura
= phone
phone; phones; mobile phone; mobile phones; smartphone; smartphones; téléphone; téléphones
téléphone portable; téléphones portables; téléphone mobile; teléfono; teléfonos; celular
celulares; teléfono móvil; teléfonos móviles
= extraction
extraction; extract; extracting; imaging; extraire; extracción; extraer
= seizure
seize; seized; seizure; saisie; saisi; saisis; incautación; incautar; incautado; incautados
= workstation
workstation; workstations; forensic workstation; station d'analyse; stations d'analyse
station de travail; estación de trabajo; estaciones de trabajo
= prosecutor @law-enforcement
prosecutor; prosecutors; public prosecutor; procureur; procureurs; parquet; ministère public
fiscales; ministerio público; fiscalía
= judge @law-enforcement
judge; judges; judiciary; magistrate; magistrates; magistrat; magistrats; juge; juges; juez
jueces; magistrado; magistrados; poder judicial; magistrature
= court
court; courts; tribunal; tribunaux; juridiction; juridictions; tribunales; juzgado; juzgados
= criminal_justice @law-enforcement
criminal justice; justice pénale; justicia penal; criminal justice system
= justice
justice; justicia; ministry of justice; ministère de la justice; ministerio de justicia
= fraud
fraud; frauds; scam; scams; online fraud; fraudster; fraudsters; fraude; fraudes; escroquerie
escroqueries; arnaque; arnaques; estafa; estafas; fraude en línea; fraudes en línea
= extortion
extortion; blackmail; chantage; extorsion; extorsión
= sextortion
sextortion; sextorsion; sextorsión
= child_sexual_exploitation @law-enforcement
child sexual exploitation; child sexual abuse; child abuse material; abuse material
online child sexual exploitation; exploitation sexuelle des enfants; abus sexuels sur enfants
explotación sexual infantil; abuso sexual infantil; victim identification
identification des victimes; identificación de víctimas
= cryptocurrency
cryptocurrency; cryptocurrencies; crypto-asset; crypto-assets; crypto asset; virtual assets
crypto-actifs; cryptomonnaie; cryptomonnaies; criptomoneda; criptomonedas; criptoactivos
= osint
osint; open source intelligence; open-source intelligence; open-source research
renseignement en sources ouvertes; inteligencia de fuentes abiertas
= first_response
first response; first responder; first responders; premiers intervenants
primera respuesta; primeros intervinientes
= cyberbullying
cyberbullying; cyber bullying; online harassment; cyberharcèlement; harcèlement en ligne
ciberacoso; acoso en línea; ciberbullying
= grooming
grooming; online grooming; pédopiégeage; pédopiégage; captation d'enfants
= defamation
defamation; libel; diffamation; difamación; calumnia
= social_media
social media; social networks; social network; réseaux sociaux; réseau social; redes sociales
red social

# ---------------------------------------------------------------- reporting
= crime_reporting @reporting-mechanisms
report cybercrime; reporting channel; reporting platform; reporting portal; reporting mechanism
reporting mechanisms; cybercrime reporting; report online fraud; victims report
plateforme de signalement; portail de signalement; signalement; signalements; signaler
plataforma de denuncia; portal de denuncia; denuncia; denuncias; denunciar
presentar una denuncia; presentar su denuncia
= incident_reporting @reporting-mechanisms
incident reporting; incident notification; incident notifications; report incidents
reporting of incidents; notification des incidents; déclaration des incidents
notification d'incidents; notificación de incidentes; reporte de incidentes
notificación obligatoria de incidentes
= hotline
hotline; helpline; ligne d'assistance; numéro vert; línea de ayuda; línea directa
= statistics
statistics; statistiques; estadísticas; estadística; data on cybercrime
= complaint
complaint; complaints; plainte; plaintes; queja; quejas; reclamación; reclamaciones
réclamation; réclamations
= report ~
report; reports; reporting; rapport; rapports; informe; informes; reporte

# ---------------------------------------------------------------- awareness and society
= awareness @awareness
awareness; awareness raising; awareness-raising; raise awareness; public awareness
sensibilisation; sensibiliser; concienciación; concientización; sensibilización
sensibilizar; concienciar
= campaign
campaign; campaigns; campagne; campagnes; campaña; campañas
= citizen ~
citizen; citizens; general public; grand public; population; citoyen; citoyens
ciudadano; ciudadanos; ciudadanía; público en general; la población
= children
children; child; kids; minors; enfant; enfants; mineurs; niño; niños; niña; niñas; infancia
menores; infantil
= youth
youth; young people; teenagers; adolescents; jeunes; jeunesse; jóvenes; juventud
adolescentes
= student
student; students; pupil; pupils; élève; élèves; étudiant; étudiants; estudiante
estudiantes; alumno; alumnos
= parents
parent; parents; families; family; famille; familles; padres; familia; familias
= teacher
teacher; teachers; lecturer; lecturers; enseignant; enseignants; professeur; professeurs
docente; docentes; maestro; maestros; profesor; profesores; faculty
= school
school; schools; école; écoles; escuela; escuelas; colegio; colegios; établissements scolaires
= online_safety @awareness
online safety; safety online; safe online; internet safety; safer internet; cyber safety
sécurité en ligne; internet plus sûr; seguridad en línea; seguridad en internet
= child_online_protection @awareness @online-trust-privacy
child online protection; online child protection; protection des enfants en ligne
protection de l'enfance en ligne; protección de la infancia en línea
protección infantil en línea
= sme
sme; smes; small business; small businesses; small and medium enterprises
micro and small enterprises; small enterprises; pme; pmes; petites entreprises; pymes; pyme
mipymes; pequeñas empresas; pequeñas y medianas empresas
= civil_servant
civil servant; civil servants; public servant; public servants; government staff
government employees; public officials; public sector staff; fonctionnaire; fonctionnaires
agent public; agents publics; agents de l'état; agents de l'administration; funcionario
funcionarios; servidores públicos; empleados públicos
= cyber_hygiene @awareness
cyber hygiene; cyber-hygiene; hygiène numérique; hygiène informatique; higiene cibernética
higiene digital
= password
password; passwords; passphrase; mot de passe; mots de passe; contraseña; contraseñas
= account_theft
account theft; account takeover; stolen accounts; vol de comptes; vol de compte
robo de cuentas; robo de cuenta
= online_trust @online-trust-privacy
online trust; trust online; trust in digital services; trustworthy; confiance en ligne
confiance numérique; confianza en línea; confianza digital
= privacy
privacy; vie privée; confidentialité; privacidad; privacy settings; paramètres de confidentialité
= consumer_protection @online-trust-privacy
consumer protection; consumer protection agency; consumer protection agencies
protection des consommateurs; protección al consumidor; protección del consumidor
= campaign_material
posters; poster; affiches; affiche; carteles; cartel; videos; vidéos; spots radio; spots

# ---------------------------------------------------------------- data protection
= data_protection @data-protection
data protection; personal data protection; protection of personal data; privacy law
data protection law; protection des données; protection des données personnelles
protection des données à caractère personnel; protección de datos
protección de datos personales; ley de protección de datos
= personal_data @data-protection
personal data; données personnelles; données à caractère personnel; datos personales
datos de carácter personal
= data_protection_authority @data-protection
data protection authority; data protection authorities; data protection commission
privacy regulator; privacy regulators; privacy commissioner; autorité de protection des données
commission de protection des données; autorité de contrôle; autoridad de protección de datos
autoridad de control; agencia de protección de datos
= data_breach @data-protection
data breach; data breaches; personal data breach; breach notification; violation de données
violations de données; notification des violations; brecha de datos; brechas de datos
violación de datos; vulneración de datos
= processing
processing of personal data; processing; traitement de données; traitements; tratamiento de datos
= data ~
data; données; datos

# ---------------------------------------------------------------- strategy and governance
= national_strategy @national-strategy
national cybersecurity strategy; national cyber security strategy; national cyber strategy
cybersecurity strategy; cyber security strategy; national strategy; national strategies
stratégie nationale de cybersécurité; stratégie nationale; stratégie de cybersécurité
estrategia nacional de ciberseguridad; estrategia nacional; estrategia de ciberseguridad
= strategy ~
strategy; strategies; strategic; stratégie; stratégies; stratégique; estrategia
estrategias; estratégico
= action_plan
action plan; action plans; implementation plan; plan d'action; plans d'action
plan de mise en œuvre; plan de acción; planes de acción; plan de implementación
= policy ~
policy; policies; politique; politiques; política; políticas
= governance
governance; gouvernance; gobernanza
= budget
budget; budgets; budgeted; costed; budget lines; chiffré; budgétisé; presupuesto
presupuestos; presupuestado
= consultation
consultation; consultations; stakeholder consultation; multi-stakeholder; multistakeholder
participatory; participatif; multipartite; concertation; consulta; consultas
proceso participativo; participativo; múltiples partes interesadas
= stakeholder ~
stakeholder; stakeholders; partie prenante; parties prenantes; actors; acteurs; actores
partes interesadas
= monitoring_evaluation
monitoring and evaluation; m e; suivi et évaluation; suivi-évaluation
seguimiento y evaluación; seguimiento; suivi; follow-up
= maturity_assessment
maturity assessment; maturity model; maturity review; cmm; évaluation de la maturité
modèle de maturité; evaluación de madurez; modelo de madurez; madurez; maturité; maturity
= assessment ~
assessment; assessments; evaluation; evaluations; assess; évaluation; évaluations; évaluer
evaluación; evaluaciones; evaluar
= review ~
review; reviews; revision; revise; révision; réviser; revue; examen; revisión; revisar
= update ~
update; updating; mise à jour; actualisation; actualiser; actualización; actualizar
= regulator
regulator; regulators; regulatory authority; regulatory authorities; régulateur; régulateurs
autorité de régulation; autorités de régulation; regulador; reguladores; ente regulador
autoridad reguladora; sector regulator; regulación; regulation; réglementation
= regulation_obligation ~
obligation; obligations; requirement; requirements; obligación; obligaciones; exigence
exigences; requisito; requisitos; rules; règles; reglas; norma obligatoria

# ---------------------------------------------------------------- diplomacy and international law
= cyber_diplomacy @cyber-diplomacy
cyber diplomacy; cyber-diplomacy; cyberdiplomacy; digital diplomacy; cyberdiplomatie
diplomatie numérique; diplomatie cyber; ciberdiplomacia; diplomacia digital
diplomacia cibernética
= diplomat
diplomat; diplomats; diplomatic; diplomate; diplomates; diplomatique; diplomático
diplomáticos; diplomática; ministry of foreign affairs; foreign ministry; foreign affairs
ministère des affaires étrangères; cancillería; ministerio de relaciones exteriores
permanent missions; missions permanentes; misiones permanentes
= united_nations
united nations; nations unies; naciones unidas; onu; oewg; open-ended working group
group of governmental experts; gge
= un_norms @norms-implementation
norms of responsible state behaviour; norms of responsible state behavior
responsible state behaviour; responsible state behavior; eleven norms; 11 norms
voluntary norms; un norms; cyber norms; norms implementation
normes de comportement responsable des états; comportement responsable des états
normes volontaires; onze normes; normas de comportamiento responsable de los estados
comportamiento responsable de los estados; normas voluntarias; once normas
= international_law @international-law
international law; international law in cyberspace; droit international
droit international dans le cyberespace; derecho internacional
derecho internacional en el ciberespacio; application of international law
= international_humanitarian_law @international-law
international humanitarian law; ihl; droit international humanitaire; dih
derecho internacional humanitario
= sovereignty @international-law
sovereignty; souveraineté; soberanía; due diligence; diligence raisonnable; debida diligencia
state responsibility; responsabilité des états; responsabilidad de los estados
= national_position @international-law
national position; national positions; position paper; position papers; position nationale
positions nationales; posición nacional; posiciones nacionales; documento de posición
= confidence_building @confidence-building
confidence-building measures; confidence building measures; confidence-building
confidence building; cbm; cbms; trust-building; trust building; building trust
mesures de confiance; mesures de renforcement de la confiance; renforcement de la confiance
medidas de fomento de la confianza; medidas de confianza; fomento de la confianza
= regional ~
regional; régional; régionale; régionaux; regionales; region; région; región
= neighbour
neighbour; neighbours; neighbor; neighbors; neighbouring countries; neighbouring states
voisin; voisins; pays voisins; états voisins; vecino; vecinos; países vecinos
= negotiation
negotiation; negotiations; negotiate; négociation; négociations; negociación; negociaciones
= oas
oas; organization of american states; oea; organisation des états américains
organización de los estados americanos
= african_union
african union; union africaine; unión africana
= cooperation ~
cooperation; co-operation; coopération; cooperación; collaboration; colaboración

# ---------------------------------------------------------------- defence
= cyber_defence @defence-security
cyber defence; cyber defense; cyberdefence; cyberdefense; cyberdéfense; ciberdefensa
military cyber; cyber defence unit; cyber units; military cyber operations
= cyber_command @defence-security
cyber command; joint cyber command; cybercommandement; commandement cyber
comando cibernético; comando conjunto cibernético; mando cibernético
= military @defence-security
military; armed forces; army; defence forces; defense forces; militaire; militaires
forces armées; armée; militar; militares; fuerzas armadas; ejército
= defence
defence; defense; défense; ministry of defence; ministry of defense; ministère de la défense
ministerio de defensa; defensa nacional
= doctrine @defence-security
doctrine; doctrines; doctrina; doctrinas
= rules_of_engagement @defence-security
rules of engagement; règles d'engagement; reglas de enfrentamiento; reglas de empeñamiento
= national_security
national security; sécurité nationale; seguridad nacional

# ---------------------------------------------------------------- gender and inclusion
= gender @gender
gender; gender equality; gender-responsive; gender responsive; gender lens
gender perspective; égalité de genre; égalité des genres; égalité femmes-hommes
approche genre; perspective de genre; igualdad de género; perspectiva de género
enfoque de género; género
= women @gender
women; woman; female; femmes; femme; mujeres; mujer; women in cyber
= gender_based_violence @gender
gender-based violence; gender based violence; online gender-based violence
violences basées sur le genre; violence fondée sur le genre; violencia de género
= inclusion
inclusion; inclusive; inclusión; inclusivo; inclusiva; diversity; diversité; diversidad

# ---------------------------------------------------------------- education, skills, research
= education @education
education; cybersecurity education; éducation; enseignement; enseignement supérieur
educación; enseñanza; higher education; educación superior; academic; académique
académico
= university @education
university; universities; université; universités; universidad; universidades; academia
= masters_degree @education
master; masters; master's degree; master's programme; master's program; masters degree
postgraduate; graduate degree; mastère; maestría; maestrías; máster; posgrado; postgrado
= curriculum @education
curriculum; curricula; curricular; programme d'études; plan d'études; maquette pédagogique
currículo; currículum; plan de estudios; malla curricular; diseño curricular
programa de estudios
= scholarship +fellowships +funding
scholarship; scholarships; bursary; bursaries; bourse d'études; bourses d'études; beca
becas; fully funded
= fellowship +fellowships
fellowship; fellowships; fellow; fellows; placement; placements; secondment; secondments
residency; residential fellowship; pasantía; pasantías; estancia; estancias; détachement
exchange programme; exchange program; programa de intercambio
= abroad
abroad; overseas; study abroad; à l'étranger; études à l'étranger; en el extranjero
estudios en el extranjero
= professional_development @professional-training
professional development; professional training; continuing education; upskilling
reskilling; career development; formation professionnelle; formation continue
montée en compétence; montée en compétences; renforcement des compétences
formación profesional; desarrollo profesional; capacitación profesional
formación continua
= training +training
training; trainings; train; trained; trainee; trainees; course; courses; bootcamp; bootcamps
formation; formations; cours; former; se former; capacitación; capacitaciones
capacitar; formación; formar; curso; cursos; entrenamiento; training course; instructor
instructors; instructeur; formateur; formateurs; formador; formadores; e-learning
= workshop +training
workshop; workshops; atelier; ateliers; taller; talleres; seminar; seminars; séminaire
séminaires; seminario; seminarios
= hands_on ~
hands-on; hands on; practical; pratique; pratiques; práctico; práctica; prácticas
intensive; intensif; intensive course; intensivo; intensiva; case studies; études de cas
estudios de caso; casos prácticos
= skills
skills; skill; competence; competences; competencies; compétence; compétences; habilidades
competencias; know-how; savoir-faire
= workforce @professional-training
workforce; cyber workforce; labour market; labor market; talent pipeline; job profiles
main-d'œuvre; effectifs; marché du travail; fuerza laboral; mercado laboral; perfiles de puesto
fuerza de trabajo; talento
= certification
certification; certifications; certified; certificación; certificaciones; certificat
certificats; certificado; certificados; certificate; certificates
= mentoring
mentoring; mentor; mentors; mentorship; coaching; coach; tutoring; tutor; tutors; tutorat
mentorat; tutoría; tutorías; mentoría; mentorías; peer support; pair à pair; entre pares
= accompaniment ~
accompaniment; accompany; hand-holding; alongside; accompagnement; accompagner
acompañamiento; acompañar
= research @research-innovation +research
research; applied research; research projects; joint research; researchers; recherche
recherche appliquée; chercheurs; investigación; investigación aplicada
investigadores académicos; proyectos de investigación; projets de recherche
= study ~
study; studies; étude; études; estudio; estudios
= innovation @research-innovation
innovation; innovative; innovación; innovador
= startup @cybersecurity-market
start-up; start-ups; startup; startups; jeune pousse; jeunes pousses; empresa emergente
empresas emergentes; emprendimiento; emprendimientos; emprendedores; founders; fondateurs
= incubator @cybersecurity-market
incubator; incubators; incubation; accelerator; accelerators; incubateur; incubateurs
accélérateur; incubadora; incubadoras; aceleradora; aceleradoras; incubación
= cybersecurity_market @cybersecurity-market
cybersecurity market; cybersecurity industry; security industry; cyber industry
local industry; cybersecurity companies; security companies; marché de la cybersécurité
industrie de la cybersécurité; entreprises de cybersécurité; mercado de ciberseguridad
industria de ciberseguridad; empresas de ciberseguridad; local companies
= company ~
company; companies; firm; firms; enterprise; enterprises; business; businesses; entreprise
entreprises; société; sociétés; empresa; empresas; industry; industrie; industria

# ---------------------------------------------------------------- support modes and generic terms
= funding +funding
funding; funds; fund; grant; grants; seed funding; seed grants; financing; financial support
subvention; subventions; financement; financements; fonds; financer; financiación
financiamiento; fondos; fondo; subvención; subvenciones; financiar; operating costs
frais de fonctionnement; costos operativos; gastos operativos
= donation +equipment
donation; donations; donate; dotation; donación; donaciones
= equipment +equipment
equipment; hardware; matériel; matériels; équipement; équipements; équiper; equipamiento
equipar; dotación de equipos
= tool ~
tool; tools; toolkit; toolkits; kit; kits; outil; outils; boîte à outils; herramienta
herramientas; caja de herramientas; licence; licences; license; licenses; licencia
licencias
= technical_assistance +technical-assistance
technical assistance; technical support; technical help; assistance technique
appui technique; soutien technique; asistencia técnica; apoyo técnico
= advice +advisory
advice; advisory; adviser; advisers; advisor; advisors; advise; consulting; consultancy
conseil; conseils; conseiller; conseillers; asesoramiento; asesoría; asesor; asesores
consultoría; consultor; consultores
= expert ~
expert; experts; expertise; experienced; expérimenté; expérimentés; experto; expertos
experiencia; experimentado; experimentados; especialista; especialistas; spécialiste
= exercise +exercises
exercise; exercises; tabletop; tabletop exercise; tabletop exercises; drill; drills
cyber drill; exercice; exercices; exercice sur table; exercice de crise; simulacro
simulacros; ejercicio; ejercicios; ejercicio de mesa; ejercicios de mesa
= simulation
simulation; simulations; simulated; simulate; simulé; simulée; simulés; simulées
simulación; simulaciones; simulado; simulada; simulados; simuladas
= crisis
crisis; crise; crises; crisis management; gestion de crise; gestion des crises
gestión de crisis; manejo de crisis; cellule de crise; crisis communication
= capacity_building ~
capacity building; capacity-building; renforcement des capacités; renforcement de capacités
fortalecimiento de capacidades; desarrollo de capacidades; creación de capacidades
= strengthen ~
strengthen; strengthening; reinforce; renforcer; renforcement; fortalecer; fortalecimiento
reforzar; mature; maturing
= establish ~
set up; setting up; establish; establishing; establishment; create; creating; creation
launch; launching; stand up; standing up; relaunch; mise en place; mettre en place; création
créer; établir; instaurer; lancement; creación; crear; establecer; establecimiento
puesta en marcha; poner en marcha; constituer
= implement ~
implement; implementation; implementing; deploy; deployment; deploying; roll out; rollout
mise en œuvre; mettre en œuvre; déployer; déploiement; implementación; implementar
desplegar; despliegue; implantación; implantar
= support ~
support; supports; assistance; help; assist; appui; soutien; aide; apoyo; asistencia; ayuda
apoyar; accompagnement technique
= team ~
team; teams; équipe; équipes; equipo; equipos
= staff ~
staff; staffing; personnel; employees; employee; agents; plantilla; empleados
= recruitment
recruit; recruitment; recruiting; hire; hiring; hired; recruter; recrutement; embauche
embaucher; reclutar; reclutamiento; contratar; contratación
= mandate
mandate; mandat; mandato; constituency; terms of reference; mission statement
= accession
accession; accede; acceding; ratification; ratify; adhésion; adhérer; ratifier; adhesión
adherir; ratificación; ratificar
= decree
decree; décret; decreto; executive order
= government ~
government; governments; governmental; gouvernement; gouvernements; gouvernemental
gobierno; gobiernos; gubernamental; public administration; administration publique
administración pública; public sector; secteur public; sector público; public institutions
institutions publiques; instituciones públicas; state institutions; public agencies
public bodies; administration; administrations; administración
= ministry ~
ministry; ministries; ministère; ministères; ministerio; ministerios; minister; ministers
ministre; ministres; ministro; ministros; secretaría
= e_government
e-government; egovernment; digital government; e-services; online public services
online government services; administration électronique; e-gouvernement
administration numérique; services publics en ligne; gobierno electrónico; gobierno digital
servicios públicos en línea; servicios en línea
= website
website; websites; web site; web portal; site web; site internet; sitio web; sitios web
página web; portal web
= platform
platform; platforms; portal; portals; plateforme; plateformes; portail; portails; plataforma
= database
database; databases; base de données; bases de données; base de datos; bases de datos
= digital ~
digital; numérique; numériques; digitales
= online ~
online; en ligne; en línea; virtual; virtuel; virtuelle; remote; à distance; a distancia
remotely
= communication ~
communication; communications; communicate; comunicación; comunicaciones; communiquer
comunicar
= decision_maker ~
decision makers; decision-makers; senior officials; senior management
décideurs; hauts fonctionnaires; tomadores de decisiones; altos funcionarios
alta dirección
= national ~
national; nationale; nationaux; nacional; nacionales; nationwide; country-wide
= country ~
country; countries; pays; país; países; nation; nations
= sector ~
sector; sectors; sectoral; secteur; secteurs; sectoriel; sectorielle; sectorial
sectoriales
= protection ~
protection; protect; protecting; protéger; protección; proteger
= network_operator
network operators; network engineers; opérateurs de réseau; ingénieurs réseau
operadores de red; ingenieros de redes
= engineer ~
engineer; engineers; ingénieur; ingénieurs; ingeniero; ingenieros
= analysis ~
analysis; analyses; analyse; análisis; analyze; analyse des données
= plan ~
plan; plans; planning; planification; planificación
= framework ~
framework; frameworks; cadre; cadres; marco; marcos
= methodology ~
methodology; methodologies; method; méthodologie; méthode; metodología; método
= requirement_minimum ~
minimum; minimal; minimum set; minimale; minimales; mínimo; mínima; mínimos; mínimas
"""
