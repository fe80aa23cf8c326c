/*
 * The integration guides' own examples (shared/seeds/000_*.txt, 001_*.txt), as printed. The first
 * guide was scanned: its OCR garbling is undone (spaces inside words, `emai |l` → `email`,
 * `nane` → `name`, `¥`/`1)` → `}`/`});`) and lines cut at the page's right edge are completed the
 * only way they can end; nothing else is changed. Where a guide leaves a value to the reader
 * (its own host `ticketsystem.flare99.com`, `yourcompany`, `YOUR_TENANT_API_TOKEN`, what a Blade
 * or WordPress template renders), the test fills it in, as the guide says to.
 *
 * Which of them work, and which cannot work as printed, is what
 * integration-examples.e2e-spec.ts shows; /integration says the same in prose.
 */

/** The guides' host, replaced with the platform's origin of the server under test. */
export const GUIDE_ORIGIN_000 = 'https://ticketsystem.flare99.com';
export const GUIDE_ORIGIN_001 = 'https://tickets.flare99.com';

/** Replaces every occurrence of each key with its value. */
export function fill(code: string, values: Record<string, string>): string {
  let out = code;
  for (const [from, to] of Object.entries(values)) out = out.split(from).join(to);
  return out;
}

// ---- seeds/000, "Example Implementation", "JavaScript/Node.js" --------------------------------
// The fetch URL was cut after "api/auth/redir"; it is the endpoint shown just above it.
export const G000_REDIRECT_FETCH = `async function redirectToTickets(email, name, tenantSlug, redirectUrl) {
    const response = await fetch(\`https://ticketsystem.flare99.com/api/auth/redirect/\${tenantSlug}\`, {
        method: 'POST',
        headers: {
            'Content-Type': 'application/json'
        },
        body: JSON.stringify({
            email: email,
            name: name,
            redirect_url: redirectUrl
        })
    });

    if (response.redirected) {
        window.location.href = response.url;
    }
}`;

// ---- seeds/000, "E-commerce Platform" (calls the function above) -------------------------------
export const G000_ECOMMERCE = `// After user login on e-commerce site
async function handleSupportRequest(userEmail, userName) {
    await redirectToTickets(
        userEmail,
        userName,
        'your-store',
        'https://yourstore.com/account/support'
    );
}`;

// ---- seeds/000, "Example Implementation", the PHP redirectToTickets -----------------------------
// Printed without its opening tag and final brace (the page was cut); the URL line was cut after
// "api/auth/redi".
export const G000_REDIRECT_PHP = `<?php
function redirectToTickets($email, $name, $tenantSlug, $redirectUrl) {
    $ch = curl_init();

    curl_setopt($ch, CURLOPT_URL, "https://ticketsystem.flare99.com/api/auth/redirect/{$tenantSlug}");
    curl_setopt($ch, CURLOPT_POST, true);
    curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode([
        'email' => $email,
        'name' => $name,
        'redirect_url' => $redirectUrl
    ]));
    curl_setopt($ch, CURLOPT_HTTPHEADER, [
        'Content-Type: application/json'
    ]);
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
    curl_setopt($ch, CURLOPT_FOLLOWLOCATION, true);

    $response = curl_exec($ch);
    $redirectUrl = curl_getinfo($ch, CURLINFO_EFFECTIVE_URL);

    curl_close($ch);

    header("Location: {$redirectUrl}");
    exit;
}
`;

// ---- seeds/000, "Example API Usage" ------------------------------------------------------------
export const G000_API_USAGE = `// Create a ticket
const response = await fetch('https://ticketsystem.flare99.com/api/tickets', {
    method: 'POST',
    headers: {
        'Authorization': 'Bearer YOUR_TENANT_API_TOKEN',
        'Content-Type': 'application/json'
    },
    body: JSON.stringify({
        title: 'Support Request',
        description: 'I need help with...',
        priority: 'medium'
    })
});`;

// ---- seeds/000, "Complete Integration Example", "JavaScript (Browser)" --------------------------
export const G000_LOGIN_BROWSER = `async function loginToTickets(email, name, tenantSlug, tenantJwtSecret) {
    // Generate JWT token
    const token = generateJWToken(email, name, tenantJwtSecret);

    // Call login endpoint
    const response = await fetch('https://ticketsystem.flare99.com/api/jwt/login', {
        method: 'POST',
        headers: {
            'Content-Type': 'application/json'
        },
        credentials: 'include', // Include cookies for session
        body: JSON.stringify({
            token: token,
            tenant_slug: tenantSlug
        })
    });

    const result = await response.json();

    if (result.success) {
        // User is now logged in
        window.location.href = result.redirect_url;
    } else {
        console.error('Login failed:', result.error);
    }
}`;

// ---- seeds/000, "PHP (Server-side)" --------------------------------------------------------------
// The print stops after "exit;": the two closing braces are added.
export const G000_LOGIN_PHP = `<?php
use Firebase\\JWT\\JWT;

function generateJWToken($email, $name, $tenantSecret) {
    $payload = [
        'email' => $email,
        'name' => $name,
        'iat' => time(),
        'exp' => time() + (2 * 60) // 2 minutes
    ];

    return JWT::encode($payload, $tenantSecret, 'HS256');
}

function loginToTickets($email, $name, $tenantSlug, $tenantSecret) {
    $token = generateJWToken($email, $name, $tenantSecret);

    $ch = curl_init('https://ticketsystem.flare99.com/api/jwt/login');
    curl_setopt($ch, CURLOPT_POST, true);
    curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode([
        'token' => $token,
        'tenant_slug' => $tenantSlug
    ]));
    curl_setopt($ch, CURLOPT_HTTPHEADER, [
        'Content-Type: application/json'
    ]);
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);

    $response = curl_exec($ch);
    $result = json_decode($response, true);

    if ($result['success']) {
        // Redirect user to ticket system
        header('Location: ' . $result['redirect_url']);
        exit;
    }
}
`;

/**
 * firebase/php-jwt is not packaged by Debian and Composer cannot reach Packagist here: this is
 * its `JWT::encode` for HS256 (what the library produces: header `{"typ":"JWT","alg":"HS256"}`),
 * loaded where the application's `vendor/autoload.php` would load the library.
 */
export const FIREBASE_JWT_STAND_IN = `<?php
namespace Firebase\\JWT;

final class JWT
{
    public static function encode(array $payload, string $key, string $alg): string
    {
        if ($alg !== 'HS256') {
            throw new \\DomainException('This stand-in signs HS256 only');
        }
        $b64 = fn (string $s): string => rtrim(strtr(base64_encode($s), '+/', '-_'), '=');
        $head = $b64(json_encode(['typ' => 'JWT', 'alg' => 'HS256']));
        $body = $b64(json_encode($payload));
        return "$head.$body." . $b64(hash_hmac('sha256', "$head.$body", $key, true));
    }
}
`;

// ---- seeds/000, "Laravel Blade Template Approach", as Blade renders it ---------------------------
// {{ csrf_token() }} and @json([...]) are rendered by the test (CSRF_TOKEN, CURRENT_USER_JSON).
// The form's action line was cut after "${c": it names the tenant slug of currentUser.
// As printed, the name field never gets a name attribute.
export const G000_BLADE_PAGE = `<!DOCTYPE html>
<html>
<head>
    <title>My Website</title>
    <meta name="csrf-token" content="CSRF_TOKEN">
</head>
<body>
    <button onclick="contactSupport()">Contact Support</button>

    <script>
        // Pass user data from Laravel to JavaScript
        const currentUser = CURRENT_USER_JSON;

        function getCurrentUserEmail() {
            return currentUser.email;
        }

        function getCurrentUserName() {
            return currentUser.name;
        }

        function contactSupport() {
            const email = getCurrentUserEmail();
            const name = getCurrentUserName();

            if (!email || !name) {
                alert('Please log in to contact support');
                return;
            }

            // Create form and submit
            const form = document.createElement('form');
            form.method = 'POST';
            form.action = \`https://ticketsystem.flare99.com/api/auth/redirect/\${currentUser.tenant_slug}\`;

            const emailField = document.createElement('input');
            emailField.type = 'hidden';
            emailField.name = 'email';
            emailField.value = email;
            form.appendChild(emailField);

            const nameField = document.createElement('input');
            nameField.type = 'hidden';
            nameField.value = name;
            form.appendChild(nameField);

            const redirectField = document.createElement('input');
            redirectField.type = 'hidden';
            redirectField.name = 'redirect_url';
            redirectField.value = window.location.href; // Return to current page
            form.appendChild(redirectField);

            document.body.appendChild(form);
            form.submit();
        }
    </script>
</body>
</html>`;

// ---- seeds/000, "Meta Tags Approach", as Blade renders it ----------------------------------------
export const G000_META_PAGE = `<!DOCTYPE html>
<html>
<head>
    <title>My Website</title>
    <meta name="user-email" content="USER_EMAIL">
    <meta name="user-name" content="USER_NAME">
    <meta name="tenant-slug" content="TENANT_SLUG">
</head>
<body>
    <button onclick="contactSupport()">Contact Support</button>

    <script>
        function getCurrentUserEmail() {
            return document.querySelector('meta[name="user-email"]').getAttribute('content');
        }

        function getCurrentUserName() {
            return document.querySelector('meta[name="user-name"]').getAttribute('content');
        }

        function contactSupport() {
            const email = getCurrentUserEmail();
            const name = getCurrentUserName();
            const tenantSlug = document.querySelector('meta[name="tenant-slug"]').getAttribute('content');

            if (!email || !name) {
                alert('Please log in to contact support');
                return;
            }

            // Create form and submit
            const form = document.createElement('form');
            form.method = 'POST';
            form.action = \`https://ticketsystem.flare99.com/api/auth/redirect/\${tenantSlug}\`;

            const emailField = document.createElement('input');
            emailField.type = 'hidden';
            emailField.name = 'email';
            emailField.value = email;
            form.appendChild(emailField);

            const nameField = document.createElement('input');
            nameField.type = 'hidden';
            nameField.name = 'name';
            nameField.value = name;
            form.appendChild(nameField);

            const redirectField = document.createElement('input');
            redirectField.type = 'hidden';
            redirectField.name = 'redirect_url';
            redirectField.value = window.location.href;
            form.appendChild(redirectField);

            document.body.appendChild(form);
            form.submit();
        }
    </script>
</body>
</html>`;

// ---- seeds/000, "AJAX Approach" ------------------------------------------------------------------
// Its page has no csrf-token meta tag; HEAD_EXTRA is where a Laravel layout would put one.
export const G000_AJAX_PAGE = `<!DOCTYPE html>
<html>
<head>
    <title>My Website</title>HEAD_EXTRA
</head>
<body>
    <button onclick="contactSupport()">Contact Support</button>

    <script>
        async function getCurrentUserData() {
            try {
                const response = await fetch('/api/user/current', {
                    method: 'GET',
                    headers: {
                        'X-CSRF-TOKEN': document.querySelector('meta[name="csrf-token"]').getAttribute('content'),
                        'Content-Type': 'application/json'
                    }
                });

                if (response.ok) {
                    return await response.json();
                } else {
                    throw new Error('Failed to get user data');
                }
            } catch (error) {
                console.error('Error fetching user data:', error);
                return null;
            }
        }

        function getCurrentUserEmail() {
            // This would need to be called asynchronously
            // For synchronous access, use one of the other approaches
            return null;
        }

        function getCurrentUserName() {
            // This would need to be called asynchronously
            return null;
        }

        async function contactSupport() {
            const userData = await getCurrentUserData();

            if (!userData || !userData.email || !userData.name) {
                alert('Please log in to contact support');
                return;
            }

            // Create form and submit
            const form = document.createElement('form');
            form.method = 'POST';
            form.action = \`https://ticketsystem.flare99.com/api/auth/redirect/\${userData.tenant_slug}\`;

            const emailField = document.createElement('input');
            emailField.type = 'hidden';
            emailField.name = 'email';
            emailField.value = userData.email;
            form.appendChild(emailField);

            const nameField = document.createElement('input');
            nameField.type = 'hidden';
            nameField.name = 'name';
            nameField.value = userData.name;
            form.appendChild(nameField);

            const redirectField = document.createElement('input');
            redirectField.type = 'hidden';
            redirectField.name = 'redirect_url';
            redirectField.value = window.location.href;
            form.appendChild(redirectField);

            document.body.appendChild(form);
            form.submit();
        }
    </script>
</body>
</html>`;

// ---- seeds/001, "Step 3" (the link) and "Example 1: Basic Form Integration (Laravel)" -----------
// As Blade renders it for a signed-in user: @json([...]) is AUTH_USER_JSON; the @if branch
// for Route::has('login') becomes window.location = "LOGIN_URL".
export const G001_LARAVEL_FOOTER = `<footer>
    <!-- Your footer content -->
    
    <script>
        // Expose user data
        window.authUser = AUTH_USER_JSON;

        // Store in localStorage
        if (window.authUser && window.authUser.email) {
            localStorage.setItem('yourcompany_user_email', window.authUser.email);
            localStorage.setItem('yourcompany_user_name', window.authUser.name || '');
        }

        // Contact support function
        function contactSupport(e, openInNewTab = true) {
            if (e) e.preventDefault();

            const user = window.authUser;

            if (!user || !user.email) {
                    window.location = "LOGIN_URL";
                return;
            }

            const form = document.createElement('form');
            form.method = 'POST';
            form.action = 'https://tickets.flare99.com/api/auth/redirect/yourcompany';
            form.acceptCharset = 'UTF-8';

            if (openInNewTab) form.target = '_blank';

            const fields = {
                email: user.email,
                name: user.name ?? ''
            };

            for (const [name, value] of Object.entries(fields)) {
                const input = document.createElement('input');
                input.type = 'hidden';
                input.name = name;
                input.value = value;
                form.appendChild(input);
            }

            document.body.appendChild(form);
            form.submit();
            form.remove();
        }
    </script>
</footer>`;

export const G001_STEP3_LINK = `<!-- Simple Link -->
<a href="#" onclick="contactSupport(event)">
    Submit Support Ticket
</a>`;

/** seeds/001, "Browser Console Test", tests 1 and 2 (test 3 is the seeds-browser suite's). */
export const G001_CONSOLE_TESTS = `// Test 1: Check user data
console.log('User Data:', window.authUser);

// Test 2: Check localStorage
console.log('Stored Email:', localStorage.getItem('yourcompany_user_email'));
console.log('Stored Name:', localStorage.getItem('yourcompany_user_name'));`;

// ---- seeds/001, "Example 2: AJAX Integration (Modern JavaScript)" --------------------------------
export const G001_AJAX = `async function contactSupportAjax() {
    const user = window.authUser;

    if (!user || !user.email) {
        alert('Please sign in to submit a support ticket.');
        window.location = '/login';
        return;
    }

    try {
        const response = await fetch('https://tickets.flare99.com/api/auth/redirect/yourcompany', {
            method: 'POST',
            headers: {
                'Content-Type': 'application/json',
                'Accept': 'application/json',
            },
            credentials: 'include', // Important for cookies
            body: JSON.stringify({
                email: user.email,
                name: user.name || '',
                redirect_url: 'https://ticket.yourcompany.com/dashboard'
            })
        });

        if (response.redirected) {
            // Open redirect URL in new tab
            window.open(response.url, '_blank');
        } else {
            const data = await response.json();
            console.log('Response:', data);
        }
    } catch (error) {
        console.error('Error:', error);
        alert('Failed to connect to support system. Please try again.');
    }
}`;

// ---- seeds/001, "Example 3: WordPress Integration", footer.php -----------------------------------
export const G001_WORDPRESS_FOOTER = `<footer>
    <!-- Footer content -->
    
    <script>
        <?php if (is_user_logged_in()): ?>
            window.authUser = {
                email: '<?php echo esc_js(wp_get_current_user()->user_email); ?>',
                name: '<?php echo esc_js(wp_get_current_user()->display_name); ?>'
            };

            if (window.authUser && window.authUser.email) {
                localStorage.setItem('yourcompany_user_email', window.authUser.email);
                localStorage.setItem('yourcompany_user_name', window.authUser.name || '');
            }
        <?php else: ?>
            window.authUser = null;
        <?php endif; ?>

        function contactSupport(e, openInNewTab = true) {
            if (e) e.preventDefault();

            const user = window.authUser;

            if (!user || !user.email) {
                alert('Please sign in to submit a support ticket.');
                window.location = '<?php echo wp_login_url(); ?>';
                return;
            }

            const form = document.createElement('form');
            form.method = 'POST';
            form.action = 'https://tickets.flare99.com/api/auth/redirect/yourcompany';
            form.acceptCharset = 'UTF-8';

            if (openInNewTab) form.target = '_blank';

            const fields = {
                email: user.email,
                name: user.name || ''
            };

            for (const [name, value] of Object.entries(fields)) {
                const input = document.createElement('input');
                input.type = 'hidden';
                input.name = name;
                input.value = value;
                form.appendChild(input);
            }

            document.body.appendChild(form);
            form.submit();
            form.remove();
        }
    </script>
</footer>
`;

/**
 * The WordPress functions footer.php calls, for a signed-in user (WordPress itself is not
 * installed): `esc_js` as WordPress defines it for plain text (entities for `& < > "`, then
 * backslashes before quotes).
 */
export const WORDPRESS_STAND_IN = (user: { email: string; name: string }, loginUrl: string) => `<?php
function is_user_logged_in() { return true; }
function wp_get_current_user() { return (object) ['user_email' => ${JSON.stringify(user.email)}, 'display_name' => ${JSON.stringify(user.name)}]; }
function esc_js($text) { return str_replace("\\n", '\\\\n', addslashes(htmlspecialchars((string) $text, ENT_COMPAT, 'UTF-8'))); }
function wp_login_url() { return ${JSON.stringify(loginUrl)}; }
`;

// ---- seeds/001, "Step 1", "React/Next.js" -------------------------------------------------------
// A fragment: hooks outside any component, `session` from the app (next-auth's useSession).
export const G001_REACT_STATE = `// Set in context or state
const [authUser, setAuthUser] = useState({
    email: session?.user?.email,
    name: session?.user?.name,
});

// Make available globally
useEffect(() => {
    window.authUser = authUser;
}, [authUser]);`;

// ---- seeds/001, "Example 4: React Component" (SupportButton.jsx) ----------------------------------
export const G001_REACT_COMPONENT = `import React, { useEffect, useState } from 'react';

const SupportButton = ({ user }) => {
    useEffect(() => {
        // Expose user to global scope
        window.authUser = user;
        
        if (user?.email) {
            localStorage.setItem('yourcompany_user_email', user.email);
            localStorage.setItem('yourcompany_user_name', user.name || '');
        }
    }, [user]);

    const contactSupport = (e) => {
        e.preventDefault();

        if (!user || !user.email) {
            alert('Please sign in to submit a support ticket.');
            window.location = '/login';
            return;
        }

        const form = document.createElement('form');
        form.method = 'POST';
        form.action = 'https://tickets.flare99.com/api/auth/redirect/yourcompany';
        form.acceptCharset = 'UTF-8';
        form.target = '_blank';

        const fields = {
            email: user.email,
            name: user.name || ''
        };

        Object.entries(fields).forEach(([name, value]) => {
            const input = document.createElement('input');
            input.type = 'hidden';
            input.name = name;
            input.value = value;
            form.appendChild(input);
        });

        document.body.appendChild(form);
        form.submit();
        form.remove();
    };

    return (
        <button 
            onClick={contactSupport}
            className="btn btn-primary"
        >
            Submit Support Ticket
        </button>
    );
};

export default SupportButton;`;
